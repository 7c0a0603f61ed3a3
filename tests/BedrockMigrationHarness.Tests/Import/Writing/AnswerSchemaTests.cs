using System.Text.Json.Nodes;
using BedrockMigrationHarness.Import.Writing;

namespace BedrockMigrationHarness.Tests.Import.Writing;

[TestFixture]
public sealed class AnswerSchemaTests
{
    [Test]
    public void Infer_NestedObject_RequiresEveryKeyWithItsJsonType()
    {
        var schema = JsonNode.Parse(AnswerSchema.Infer("""
              {"id": "A-1", "total": 12.5, "paid": true, "note": null, "items": [1, 2], "customer": {"name": "Jo", "vip": false}}
            """)!)!;

        Assert.Multiple(() =>
        {
            Assert.That(schema["$schema"]!.GetValue<string>(), Is.EqualTo("http://json-schema.org/draft-07/schema#"));
            Assert.That(schema["type"]!.GetValue<string>(), Is.EqualTo("object"));
            Assert.That(schema["required"]!.AsArray().Count, Is.EqualTo(6));
            var properties = schema["properties"]!;
            Assert.That(properties["id"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
            Assert.That(properties["total"]!["type"]!.GetValue<string>(), Is.EqualTo("number"));
            Assert.That(properties["paid"]!["type"]!.GetValue<string>(), Is.EqualTo("boolean"));
            Assert.That(properties["note"]!.AsObject(), Is.Empty, "null allows any value");
            Assert.That(properties["items"]!["type"]!.GetValue<string>(), Is.EqualTo("array"));
            Assert.That(properties["customer"]!["required"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "name", "vip" }));
        });
    }

    [TestCase("Your order has shipped.")]
    [TestCase("[1, 2, 3]")]
    [TestCase("\"a string\"")]
    [TestCase("{\"a\": 1, \"a\": 2}")]
    [TestCase("{\"unfinished\": ")]
    [TestCase("```json\n{\"a\": 1}\n```")]
    public void Infer_NotOneJsonObject_IsNull(string answer) => Assert.That(AnswerSchema.Infer(answer), Is.Null);

    [Test]
    public void Infer_DeeperThanTheLimit_StopsAtAPlainObject()
    {
        var schema = JsonNode.Parse(AnswerSchema.Infer("""{"a": {"b": {"c": {"d": {"e": 1}}}}}""")!)!;

        var fourth = schema["properties"]!["a"]!["properties"]!["b"]!["properties"]!["c"]!["properties"]!["d"]!;
        Assert.That(fourth.ToJsonString(), Is.EqualTo("""{"type":"object"}"""));
    }
}
