using BedrockMigrationHarness.Import.Writing;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Tests.Import.Writing;

[TestFixture]
public sealed class YamlTreeWriterTests
{
    private static readonly string[] HostileTexts =
    [
        "plain words",
        "key: value # not a comment",
        "- starts like a list item",
        "# starts like a comment",
        "\"quoted\" and 'single'",
        "{{ not a template }} {% raw %}",
        "true",
        "null",
        "~",
        "0042",
        "1e5",
        "",
        " leading and trailing ",
        "two\nlines",
        "ends with a break\n",
        "ends with breaks\n\n\n",
        "  indented first line\nsecond",
        "trailing space \nnext",
        "tab\tinside\nnext",
        "windows\r\nline ends",
        "control \u0001\u0007\u001b[31m characters",
        "line\u2028separator\nand more",
        "bom \uFEFF inside",
        "unicode: é ü 中文 😀 مرحبا",
        new string('x', 100_000),
        string.Join('\n', Enumerable.Repeat("a long line " + new string('y', 5_000), 3)),
    ];

    [Test]
    public void Write_HostileTexts_ReadBackExactlyThroughTheSuiteParser()
    {
        var map = new YamlTree.Map();
        for (var i = 0; i < HostileTexts.Length; i++)
        {
            map.Add($"k{i}", HostileTexts[i], comment: $"comment {i}\nwith a line break");
        }

        var yaml = YamlTreeWriter.ToText(map, ["header line", "second # line"]);
        var root = Load(yaml);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < HostileTexts.Length; i++)
            {
                Assert.That(((YamlScalarNode)root[$"k{i}"]).Value, Is.EqualTo(HostileTexts[i]), $"text {i}");
            }

            Assert.That(yaml, Does.StartWith("# header line\n# second # line\n"));
        });
    }

    [TestCase("two\nlines", ScalarStyle.Literal)]
    [TestCase("trailing space \nnext", ScalarStyle.DoubleQuoted)]
    [TestCase("windows\r\nline", ScalarStyle.DoubleQuoted)]
    [TestCase("control\u0001\nnext", ScalarStyle.DoubleQuoted)]
    [TestCase("anthropic.claude-3-haiku-20240307-v1:0", ScalarStyle.Plain)]
    [TestCase("true", ScalarStyle.DoubleQuoted)]
    [TestCase("ends:", ScalarStyle.DoubleQuoted)]
    [TestCase("one line", ScalarStyle.DoubleQuoted)]
    public void StyleOf_Text_LiteralOnlyWhereSafe(string text, ScalarStyle expected)
    {
        Assert.That(YamlTreeWriter.StyleOf(text), Is.EqualTo(expected));
    }

    [Test]
    public void FromJson_NestedValues_SameJsonThroughTheSuiteConverter()
    {
        const string Json = """{"a":1,"b":-2.5e3,"c":"42","d":true,"e":null,"f":[1,"x",{"g":"line\nbreak"}],"h":{},"i":[],"":"empty key","j":"a: b"}""";
        var yaml = YamlTreeWriter.ToText(new YamlTree.Map().Add("v", YamlTree.FromJson(Json)), []);

        var back = YamlJson.Of(Load(yaml)["v"]);

        Assert.That(back, Is.EqualTo(Json));
    }

    [Test]
    public void FromJson_DuplicateKey_LastValueKept()
    {
        var yaml = YamlTreeWriter.ToText(new YamlTree.Map().Add("v", YamlTree.FromJson("""{"a":1,"a":2}""")), []);

        Assert.That(YamlJson.Of(Load(yaml)["v"]), Is.EqualTo("""{"a":2}"""));
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new BoundedYamlParser(new Parser(new StringReader(yaml))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
