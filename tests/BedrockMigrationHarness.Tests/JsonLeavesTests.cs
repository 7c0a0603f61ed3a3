using System.Text.Json;

namespace BedrockMigrationHarness.Tests;

public sealed class JsonLeavesTests
{
    private const string Json = """{ "a": { "b/c": 1, "d~e": [true, null] }, "empty": {}, "none": [], "s": "x" }""";

    [Test]
    public void Of_NestedValue_GivesEveryLeafWithItsEscapedPointerInDocumentOrder()
    {
        using var document = JsonDocument.Parse(Json);

        var leaves = JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: false);

        Assert.That(leaves.Select(l => (l.Pointer, l.Value.GetRawText())), Is.EqualTo(new[]
        {
            ("/a/b~1c", "1"), ("/a/d~0e/0", "true"), ("/a/d~0e/1", "null"), ("/s", "\"x\""),
        }));
    }

    [Test]
    public void Of_EmptyContainersAsLeaves_KeepsThemAsValues()
    {
        using var document = JsonDocument.Parse(Json);

        var pointers = JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: true).Select(l => l.Pointer);

        Assert.That(pointers, Is.EqualTo(new[] { "/a/b~1c", "/a/d~0e/0", "/a/d~0e/1", "/empty", "/none", "/s" }));
    }

    [Test]
    public void Of_ScalarRoot_IsOneLeafAtTheEmptyPointer()
    {
        using var document = JsonDocument.Parse("42");

        Assert.That(JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: false).Single().Pointer, Is.Empty);
    }
}
