using BedrockMigrationHarness.Inputs;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Tests.Inputs;

[TestFixture]
public sealed class YamlJsonTests
{
    private static string JsonOf(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlJson.Of(stream.Documents[0].RootNode);
    }

    [TestCase("{ a: 42, b: -1.5e3, c: true, d: false, e: null, f: ~ }", """{"a":42,"b":-1.5e3,"c":true,"d":false,"e":null,"f":null}""")]
    [TestCase("{ a: \"42\", b: 'true', c: 007, d: 1_000, e: .inf, f: 0x1F }", """{"a":"42","b":"true","c":"007","d":"1_000","e":".inf","f":"0x1F"}""")]
    [TestCase("[ A-1042, { nested: [ 1, two ] } ]", """["A-1042",{"nested":[1,"two"]}]""")]
    [TestCase("{ text: \"caf\u00e9 \\\"quoted\\\"\" }", """{"text":"café \"quoted\""}""")]
    public void Of_YamlValue_IsTheJsonItMeans(string yaml, string json) => Assert.That(JsonOf(yaml), Is.EqualTo(json));
}
