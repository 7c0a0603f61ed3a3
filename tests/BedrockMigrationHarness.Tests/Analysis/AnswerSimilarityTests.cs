using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class AnswerSimilarityTests
{
    private static double Json(string a, string b) => AnswerSimilarity.Of(a, a, b, b);

    [Test]
    public void Of_SameJson_IsOne() => Assert.That(Json("""{"a":"x y","n":1}""", """{"n":1,"a":"x y"}"""), Is.EqualTo(1.0));

    [Test]
    public void Of_OneOfTwoFieldsDiffers_IsHalf() =>
        Assert.That(Json("""{"priority":"high","effort":3}""", """{"priority":"high","effort":5}"""), Is.EqualTo(0.5));

    [Test]
    public void Of_FieldOnlyOnOneSide_CountsAsZero() =>
        Assert.That(Json("""{"a":1,"b":[true,null]}""", """{"a":1,"b":[true]}"""), Is.EqualTo(2.0 / 3).Within(1e-12));

    [Test]
    public void Of_StringFields_UseTokenSetRatio() =>
        Assert.That(Json("""{"title":"printer on fire"}""", """{"title":"fire on printer"}"""), Is.EqualTo(1.0));

    [Test]
    public void Of_EmptyObjects_AreAlike() => Assert.That(Json("{}", "{}"), Is.EqualTo(1.0));

    [Test]
    public void Of_WithoutJsonOnOneSide_ComparesText() =>
        Assert.That(AnswerSimilarity.Of("the cat sat", null, "the cat sat", """{"a":1}"""), Is.EqualTo(1.0));

    [TestCase("billing")]
    [TestCase("  Two words, and punctuation!  ")]
    [TestCase("  \t ")]
    [TestCase("")]
    [TestCase("!!! ...")]
    [TestCase("ü 42")]
    [TestCase("ABC def!")]
    public void TokenSetRatio_EqualStrings_AsFuzzySharpScoresThem(string text) =>
        Assert.That(AnswerSimilarity.TokenSetRatio(text, text), Is.EqualTo(FuzzySharp.Fuzz.TokenSetRatio(text, text) / 100.0));
}
