using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class StructuredAnswerTests
{
    private const string TicketSchema = """
        {"type":"object","additionalProperties":false,
         "properties":{
           "category":{"type":"string","enum":["technical","billing","account"]},
           "priority":{"type":"integer","minimum":1,"maximum":5},
           "confidence":{"type":"number","minimum":0,"maximum":1},
           "urgent":{"type":"boolean"},
           "summary":{"type":"string","maxLength":200},
           "tags":{"type":"array","items":{"type":"string"},"minItems":2},
           "customer":{"type":"object","properties":{"email":{"type":"string","format":"email"}},"required":["email"]}
         },
         "required":["category","priority","confidence","urgent","summary","tags","customer"]}
        """;

    private const string Ticket = "Ticket: I was charged twice this month, please fix my billing.";

    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Converse_ToolSchema_AnswersToolUseThatConforms()
    {
        var tools = ""","toolConfig":{"tools":[{"toolSpec":{"name":"classify","inputSchema":{"json":""" + TicketSchema + """}}}],"toolChoice":{"tool":{"name":"classify"}}}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage(Ticket, extra: tools));
        var body = await EmulatorHttp.ReadJsonAsync(response);
        var toolUse = body["output"]!["message"]!["content"]![0]!["toolUse"]!;

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(toolUse["name"]!.GetValue<string>(), Is.EqualTo("classify"));
        Assert.That(toolUse["toolUseId"]!.GetValue<string>(), Does.StartWith("tooluse_"));
        AssertConformsToTicketSchema(toolUse["input"]!.AsObject());
    }

    [Test]
    public async Task Converse_OutputConfigSchema_AnswersJsonTextThatConforms()
    {
        var outputConfig = ""","outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"name":"ticket","schema":""" + JsonValue.Create(TicketSchema).ToJsonString() + "}}}}";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Current, "converse", EmulatorHttp.UserMessage(Ticket, extra: outputConfig));
        var body = await EmulatorHttp.ReadJsonAsync(response);
        var text = body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        AssertConformsToTicketSchema(JsonNode.Parse(text)!.AsObject());
    }

    [Test]
    public async Task Converse_SchemaInPrompt_AnswersJsonThatConforms()
    {
        var prompt = $"Classify the ticket. Answer with JSON matching this schema:\n{TicketSchema}\n{Ticket}";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage(prompt));
        var text = (await EmulatorHttp.ReadJsonAsync(response))["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

        AssertConformsToTicketSchema(JsonNode.Parse(text)!.AsObject());
    }

    [TestCase("Ticket: the app crashes on a technical level.", "technical")]
    [TestCase("Ticket: I cannot log into my ACCOUNT.", "account")]
    public async Task Converse_EnumNamedInPrompt_PicksThatValue(string ticket, string expected)
    {
        var prompt = $"Schema: {TicketSchema}\n{ticket}";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage(prompt));
        var text = (await EmulatorHttp.ReadJsonAsync(response))["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

        Assert.That(JsonNode.Parse(text)!["category"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [TestCase("fenced_json")]
    [TestCase("prose_wrapped")]
    [TestCase("invalid_json")]
    [TestCase("missing_required")]
    [TestCase("wrong_type")]
    public async Task Converse_FaultAtRateOne_ProducesTheFault(string fault)
    {
        var faults = fault switch
        {
            "fenced_json" => new FaultRates { FencedJson = 1 },
            "prose_wrapped" => new FaultRates { ProseWrapped = 1 },
            "invalid_json" => new FaultRates { InvalidJson = 1 },
            "missing_required" => new FaultRates { MissingRequired = 1 },
            _ => new FaultRates { WrongType = 1 },
        };
        const string Model = "m.faulty-v1:0";
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { Faults = faults }));
        const string Schema = """{"type":"object","properties":{"score":{"type":"integer","minimum":1,"maximum":10},"reason":{"type":"string"}},"required":["score","reason"]}""";

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage($"Rate this. Schema: {Schema}"));
        var text = (await EmulatorHttp.ReadJsonAsync(response))["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

        switch (fault)
        {
            case "fenced_json":
                Assert.That(text, Does.StartWith("```json\n").And.EndWith("\n```"));
                Assert.That(JsonNode.Parse(text[8..^4])!["score"], Is.Not.Null);
                break;
            case "prose_wrapped":
                Assert.That(text, Does.StartWith("Here is the result: {").And.EndWith("Let me know if you need anything else."));
                break;
            case "invalid_json":
                Assert.That(() => JsonNode.Parse(text), Throws.InstanceOf<JsonException>());
                break;
            case "missing_required":
                var obj = JsonNode.Parse(text)!.AsObject();
                Assert.That(obj.ContainsKey("score") && obj.ContainsKey("reason"), Is.False, text);
                break;
            default:
                Assert.That(JsonNode.Parse(text)!["score"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String), text);
                break;
        }
    }

    [Test]
    public async Task Converse_FencedFaultOnToolCall_AnswersTextInstead()
    {
        var tools = ""","toolConfig":{"tools":[{"toolSpec":{"name":"rate","inputSchema":{"json":{"type":"object","properties":{"score":{"type":"integer"}},"required":["score"]}}}}]}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Faulty, "converse", EmulatorHttp.UserMessage("Rate it.", extra: tools));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Does.StartWith("```json"));
    }

    [Test]
    public async Task Converse_SameSeed_SameAnswersInEitherOrder()
    {
        string[] prompts = ["first question", "second question", "first question"];
        var forward = await AnswersAsync(seed: 1, prompts);
        var again = await AnswersAsync(seed: 1, prompts);
        var otherSeed = await AnswersAsync(seed: 2, prompts);

        Assert.That(again, Is.EqualTo(forward));
        Assert.That(otherSeed, Is.Not.EqualTo(forward));
        Assert.That(forward[2], Is.Not.EqualTo(forward[0]), "a repeated request is the next occurrence, so it draws afresh");
    }

    [Test]
    public async Task Converse_SameSeed_IndependentOfInterleaving()
    {
        var alone = await AnswersAsync(seed: 5, ["question b"]);
        var afterOthers = await AnswersAsync(seed: 5, ["question a", "question c", "question b"]);

        Assert.That(afterOthers[2], Is.EqualTo(alone[0]));
    }

    [Test]
    public async Task Converse_ConcurrentRequests_AnswerAsTheyDoOneByOne()
    {
        var prompts = Enumerable.Range(0, 8).Select(i => $"question {i}").ToArray();
        var sequential = await AnswersAsync(seed: 9, prompts);
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Standard(9));

        var concurrent = await Task.WhenAll(prompts.Select(async prompt =>
        {
            using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage(prompt));
            var body = await EmulatorHttp.ReadJsonAsync(response);
            return body["output"]!.ToJsonString() + body["usage"]!.ToJsonString();
        }));

        Assert.That(concurrent, Is.EqualTo(sequential));
    }

    private static async Task<List<string>> AnswersAsync(long seed, string[] prompts)
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Standard(seed));
        var answers = new List<string>();
        foreach (var prompt in prompts)
        {
            using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage(prompt));
            var body = await EmulatorHttp.ReadJsonAsync(response);
            answers.Add(body["output"]!.ToJsonString() + body["usage"]!.ToJsonString());
        }

        return answers;
    }

    private static void AssertConformsToTicketSchema(JsonObject answer)
    {
        Assert.Multiple(() =>
        {
            Assert.That(answer.Select(p => p.Key), Is.EquivalentTo(new[] { "category", "priority", "confidence", "urgent", "summary", "tags", "customer" }), "all required, nothing extra");
            Assert.That(answer["category"]!.GetValue<string>(), Is.EqualTo("billing"), "the enum value the ticket names");
            Assert.That(answer["priority"]!.GetValue<int>(), Is.InRange(1, 5));
            Assert.That(answer["confidence"]!.GetValue<double>(), Is.InRange(0.0, 1.0));
            Assert.That(answer["urgent"]!.GetValueKind(), Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
            Assert.That(answer["summary"]!.GetValue<string>(), Has.Length.InRange(1, 200));
            Assert.That(answer["tags"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(answer["tags"]!.AsArray().Select(t => t!.GetValueKind()), Is.All.EqualTo(JsonValueKind.String));
            Assert.That(answer["customer"]!["email"]!.GetValue<string>(), Does.Contain("@"));
        });
    }
}
