using System.Text.Json;

namespace BedrockMigrationHarness.Tests;

[TestFixture]
internal sealed class JsonPointerSyntaxResolveTests
{
    private const string Document = """{"content":[{"text":"a"},{"text":"b"}],"a/b":{"m~n":1},"":"empty key","01":"x"}""";

    [TestCase("/content/1/text", "\"b\"")]
    [TestCase("/a~1b/m~0n", "1")]
    [TestCase("/", "\"empty key\"")]
    [TestCase("/01", "\"x\"")]
    [TestCase("", Document)]
    public void Resolve_ValidPointer_ReturnsElement(string pointer, string expectedJson)
    {
        using var document = JsonDocument.Parse(Document);

        Assert.That(JsonPointerSyntax.Resolve(document.RootElement, pointer)?.GetRawText(), Is.EqualTo(expectedJson));
    }

    [TestCase("/content/2/text")]
    [TestCase("/content/01/text")]
    [TestCase("/content/-")]
    [TestCase("/missing")]
    [TestCase("content/0")]
    [TestCase("/content/0/text/deeper")]
    public void Resolve_UnresolvablePointer_ReturnsNull(string pointer)
    {
        using var document = JsonDocument.Parse(Document);

        Assert.That(JsonPointerSyntax.Resolve(document.RootElement, pointer), Is.Null);
    }
}
