using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

[TestFixture]
public sealed class AdditionalFieldsTests
{
    [Test]
    public void Merge_NoLayer_IsNull() => Assert.That(AdditionalFields.Merge(null, null), Is.Null);

    [Test]
    public void Merge_NestedObjects_MergeKeyByKeyAndLaterWins() =>
        Assert.That(AdditionalFields.Merge("""{"a":1,"t":{"type":"enabled","budget":1}}""", null, """{"t":{"budget":2},"b":[1]}"""),
            Is.EqualTo("""{"a":1,"t":{"type":"enabled","budget":2},"b":[1]}"""));

    [Test]
    public void Merge_NullValue_RemovesTheKeyAndAnEmptyResultIsNull()
    {
        Assert.That(AdditionalFields.Merge("""{"a":1,"b":2}""", """{"a":null}"""), Is.EqualTo("""{"b":2}"""));
        Assert.That(AdditionalFields.Merge("""{"a":1}""", """{"a":null}"""), Is.Null);
    }

    [Test]
    public void Merge_ObjectOverAValue_Replaces() =>
        Assert.That(AdditionalFields.Merge("""{"a":1}""", """{"a":{"x":true}}"""), Is.EqualTo("""{"a":{"x":true}}"""));
}
