using System.Net;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using static BedrockMigrationHarness.Tests.Emulator.Support.ConverseBodies;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>outputConfig.textFormat: the answer always follows the schema; what the model or the emulator cannot do is a 400.</summary>
[TestFixture]
public sealed class StructuredOutputEndpointTests
{
    private const string Model = "m.structured-v1:0";
    private const string Schema = """{"type":"object","properties":{"status":{"type":"string","enum":["shipped","lost"]},"days":{"type":"integer"}},"required":["status","days"],"additionalProperties":false}""";

    private static string OutputConfig(string schema) =>
        ""","outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"name":"order","description":"Order status","schema":""" + JsonValue.Create(schema).ToJsonString() + "}}}}";

    [Test]
    public async Task Converse_StructuredOutput_AnswerIsValidWhateverTheFaults()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile
        {
            Faults = new FaultRates { FencedJson = 1, ProseWrapped = 1, InvalidJson = 1, MissingRequired = 1, WrongType = 1 },
            WrongAnswers = [new WrongAnswer("/days", JsonValue.Create("soon"), AnotherEnumValue: false), new WrongAnswer("/status", null, AnotherEnumValue: true)],
        }));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", Body([User(Text("Order A-1001 shipped Monday."))], OutputConfig(Schema)));
        var text = (await EmulatorHttp.ReadJsonAsync(response))["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();
        var answer = JsonNode.Parse(text)!.AsObject();

        Assert.That(answer.Select(p => p.Key), Is.EquivalentTo(new[] { "status", "days" }), text);
        Assert.That(answer["days"]!.GetValue<int>(), Is.TypeOf<int>(), "a wrong value that breaks the schema is not planted");
        Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("lost"), "another enum value keeps the schema, so it is planted");
    }

    [TestCase("""{"type":"object","patternProperties":{"^x":{"type":"string"}}}""", "`patternProperties` at #")]
    [TestCase("""{"type":"object","properties":{"n":{"type":"integer","multipleOf":5}}}""", "`multipleOf` at #/properties/n")]
    [TestCase("""{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}}}""", "`$ref (to a remote schema)` at #/properties/a")]
    [TestCase("""{"type":"object","anyOf":[{"not":{"required":["a"]}}]}""", "`not` at #/anyOf/0")]
    public async Task Converse_SchemaFeatureTheEmulatorCannotHonour_Returns400NamingIt(string schema, string expected)
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile()));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", Body([User(Text("Status?"))], OutputConfig(schema)));
        var message = (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(message, Does.Contain("outputConfig.textFormat.structure.jsonSchema.schema: the JSON Schema feature " + expected));
    }

    [Test]
    public async Task Converse_StrictToolWithUnsupportedFeature_Returns400NamingTheTool()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile()));
        const string Tools = """{"toolSpec":{"name":"t","strict":true,"inputSchema":{"json":{"type":"object","propertyNames":{"maxLength":3}}}}}""";

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", Body([User(Text("Go."))], ToolConfig(null, Tools)));
        var message = (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>();

        Assert.That(message, Does.Contain("toolConfig.tools.1.member.toolSpec.inputSchema.json: the JSON Schema feature `propertyNames` at #"));
    }

    [Test]
    public async Task Converse_ModelWithoutStructuredOutput_Returns400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Active, "converse", Body([User(Text("Status?"))], OutputConfig(Schema)));
        var message = (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(message, Is.EqualTo("This model doesn't support the outputConfig.textFormat field. Remove outputConfig.textFormat and try again."));
    }

    [Test]
    public async Task Converse_TextFormatOfAnotherType_Returns400()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile()));
        var extra = OutputConfig(Schema).Replace("json_schema", "xml", StringComparison.Ordinal);

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", Body([User(Text("Status?"))], extra));
        var message = (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>();

        Assert.That(message, Does.Contain("Value at 'outputConfig.textFormat.type' failed to satisfy constraint: Member must satisfy enum value set: [json_schema]"));
    }
}
