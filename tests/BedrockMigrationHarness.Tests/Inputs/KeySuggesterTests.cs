using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Tests.Inputs;

public sealed class KeySuggesterTests
{
    private static readonly string[] Known = ["samples", "concurrency", "timeout_seconds", "noise_floor", "stream"];

    [TestCase("sample", "samples")]
    [TestCase("Samples", "samples")]
    [TestCase("concurency", "concurrency")]
    [TestCase("timeout", "timeout_seconds")]
    [TestCase("streaming", "stream")]
    [TestCase("banana", null)]
    public void Suggest_MisspeltKey_ReturnsClosestKnownKey(string unknown, string? expected) =>
        Assert.That(KeySuggester.Suggest(unknown, Known), Is.EqualTo(expected));

    [TestCase("", "", 0)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("samples", "sample", 1)]
    public void Distance_TwoWords_IsLevenshteinDistance(string a, string b, int expected) =>
        Assert.That(KeySuggester.Distance(a, b), Is.EqualTo(expected));
}
