using System.Text.RegularExpressions;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class PatternPickerTests
{
    [Test]
    public void Pick_PromptNamesMatches_ReturnsThemInOrderThenGenerates()
    {
        var picker = new PatternPicker(["Orders ORD-12345 and ORD-67890 arrived broken; ORD-1 is not an id."]);
        var random = new Random(1);

        var picks = Enumerable.Range(0, 3).Select(_ => picker.Pick("^ORD-[0-9]{5}$", random)).ToArray();

        Assert.That(picks[..2], Is.EqualTo(new[] { "ORD-12345", "ORD-67890" }));
        Assert.That(picks[2], Does.Match("^ORD-[0-9]{5}$"), "past the prompt's matches, a generated id");
    }

    [TestCase(@"^ORD-[0-9]{5}$")]
    [TestCase(@"^[A-Z]{3}-\d{2,4}$")]
    [TestCase(@"^\w+@example\.com$")]
    [TestCase(@"^v?[0-9]+\.[0-9]+$")]
    [TestCase(@"^[a-f0-9]{8}$")]
    public void Generate_SimplePatterns_ProducesAMatch(string pattern)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var value = PatternPicker.Generate(pattern, new Random(seed));

            Assert.That(value, Is.Not.Null);
            Assert.That(Regex.IsMatch(value!, pattern), Is.True, $"{value} for {pattern}");
        }
    }

    [TestCase("^(a|b)$")]
    [TestCase("^[^x]+$")]
    [TestCase(@"^\p{L}+$")]
    public void Generate_BeyondTheSubset_ReturnsNull(string pattern) =>
        Assert.That(PatternPicker.Generate(pattern, new Random(1)), Is.Null);

    [Test]
    public void SchemaInstance_PatternProperty_ConformsAndComesFromThePrompt()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse("""
            {"type":"object","required":["ids"],"properties":{"ids":{"type":"array","minItems":2,"maxItems":2,"items":{"type":"string","pattern":"^ORD-[0-9]{5}$"}}}}
            """)!.AsObject();
        var prompt = new[] { "Refund ORD-55555 and ORD-44444 please." };

        var instance = SchemaInstanceGenerator.Generate(schema, new Random(2), new EnumPicker(prompt), 40, new PatternPicker(prompt))!;

        Assert.That(instance["ids"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "ORD-55555", "ORD-44444" }));
    }
}
