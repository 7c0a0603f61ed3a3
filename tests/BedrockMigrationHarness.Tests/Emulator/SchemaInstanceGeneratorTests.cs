using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class SchemaInstanceGeneratorTests
{
    [Test]
    public void Generate_RefAnyOfAllOfAndConst_FollowsEachKeyword()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","$defs":{"money":{"type":"object","properties":{"amount":{"type":"number","exclusiveMinimum":0,"maximum":10},"currency":{"const":"EUR"}},"required":["amount","currency"]}},
             "properties":{
               "price":{"$ref":"#/$defs/money"},
               "note":{"anyOf":[{"type":"null"},{"type":"string","minLength":5,"maxLength":8}]},
               "both":{"allOf":[{"properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]},
               "count":{"type":["integer","null"],"minimum":3,"maximum":3}
             },
             "required":["price","note","both","count"]}
            """)!.AsObject();

        var instance = SchemaInstanceGenerator.Generate(schema, new Random(1), new EnumPicker([]), 50)!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(instance["price"]!["amount"]!.GetValue<double>(), Is.GreaterThan(0).And.LessThanOrEqualTo(10));
            Assert.That(instance["price"]!["currency"]!.GetValue<string>(), Is.EqualTo("EUR"));
            Assert.That(instance["note"]!.GetValue<string>(), Has.Length.InRange(5, 8));
            Assert.That(instance["both"]!["a"]!.GetValueKind(), Is.EqualTo(JsonValueKind.Number));
            Assert.That(instance["both"]!["b"]!.GetValueKind(), Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
            Assert.That(instance["count"]!.GetValue<long>(), Is.EqualTo(3));
        });
    }

    [Test]
    public void Generate_AdditionalPropertiesFalse_OnlyDeclaredProperties()
    {
        var schema = JsonNode.Parse("""{"type":"object","additionalProperties":false,"properties":{"x":{"type":"string"},"y":{"type":"string"}},"required":["x"]}""")!.AsObject();

        for (var seed = 0; seed < 20; seed++)
        {
            var instance = SchemaInstanceGenerator.Generate(schema, new Random(seed), new EnumPicker([]), 30)!.AsObject();
            Assert.That(instance.Select(p => p.Key), Is.SubsetOf(new[] { "x", "y" }).And.Contains("x"));
        }
    }

    [Test]
    public void Generate_StringsShareTheTokenBudget()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a","b"]}""")!.AsObject();

        var instance = SchemaInstanceGenerator.Generate(schema, new Random(3), new EnumPicker([]), 100)!;

        Assert.That(instance.ToJsonString().Length, Is.InRange(350, 450), "≈ 4 characters per token");
    }

    [Test]
    public void EnumPicker_WholeWordMatchOnly_ElseSeededChoice()
    {
        var options = new JsonArray("bill", "tech");
        var picker = new EnumPicker(["my billing is wrong"]);

        var picks = Enumerable.Range(0, 30).Select(seed => picker.Pick(options, new Random(seed))!.GetValue<string>()).ToHashSet();

        Assert.That(picks, Is.EquivalentTo(new[] { "bill", "tech" }), "'billing' does not name 'bill'");
    }

    [Test]
    public void PromptSchemaLocator_SkipsNonSchemaBraces_FindsTheSchema()
    {
        const string Prompt = """Fill {placeholder} and {"name":"data"} then answer with {"type":"object","properties":{"a":{"type":"string"}}} please.""";

        var found = PromptSchemaLocator.Find(Prompt);

        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Value.Schema["properties"]!["a"], Is.Not.Null);
        Assert.That(found.Value.TextOutside, Does.Not.Contain("properties").And.Contain("please."));
    }
}
