using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using static BedrockMigrationHarness.Tests.Emulator.Support.ConverseBodies;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>Tool calls: which tool, arguments that follow its schema, the profile's tool faults and planned calls.</summary>
[TestFixture]
public sealed class ToolUseEndpointTests
{
    private const string Model = "m.tools-v1:0";
    private const string Question = "Where is my order A-1001? It has not arrived.";

    private static EmulatorProfile Profile(ToolFaultRates? faults = null, params CaseRule[] rules) =>
        EmulatorTestProfiles.Single(Model, new ModelProfile { ToolFaults = faults ?? new(), Rules = rules });

    private static async Task<JsonObject> ConverseAsync(RunningEmulator emulator, string extra, string modelId = Model, string question = Question)
    {
        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, modelId, "converse", Body([User(Text(question))], extra));
        var body = await EmulatorHttp.ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        return body;
    }

    private static JsonNode? ToolUse(JsonObject body) => body["output"]!["message"]!["content"]![0]!["toolUse"];

    [Test]
    public async Task Converse_ToolChoiceTool_CallsThatToolWithArgumentsOfItsSchema()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile());

        var body = await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"issue_refund"}}"""));
        var call = ToolUse(body)!;

        Assert.Multiple(() =>
        {
            Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
            Assert.That(call["name"]!.GetValue<string>(), Is.EqualTo("issue_refund"));
            Assert.That(call["input"]!["order_id"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String));
            Assert.That(call["input"]!["amount"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(call["input"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "order_id", "amount" }));
        });
    }

    [Test]
    public async Task Converse_ToolChoiceAutoNoToolWordInTheQuestion_ChoosesPerRequestAndTheSameForTheSameSeed()
    {
        var questions = Enumerable.Range(1, 12).Select(i => $"Question {i}: can you help me?").ToList();

        var first = await ChosenToolsAsync(questions);
        var again = await ChosenToolsAsync(questions);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(first.Distinct(), Is.EquivalentTo(new[] { "lookup_order", "issue_refund" }), "the choice depends on the request");
    }

    private static async Task<List<string>> ChosenToolsAsync(IEnumerable<string> questions)
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile());
        var names = new List<string>();
        foreach (var question in questions)
        {
            names.Add(ToolUse(await ConverseAsync(emulator, ToolConfig("""{"auto":{}}"""), question: question))!["name"]!.GetValue<string>());
        }

        return names;
    }

    [TestCase("Where is my order A-1001? It has not arrived.", "lookup_order")]
    [TestCase("The blender arrived broken, I want a refund for order A-1001.", "issue_refund")]
    public async Task Converse_ToolChoiceAuto_CallsTheToolTheQuestionIsAbout(string question, string expected)
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile());

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig(), question: question))!;

        Assert.That(call["name"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Converse_WrongToolFault_CallsTheOtherToolThanThePlannedOne()
    {
        var plan = new CaseRule(null, new System.Text.RegularExpressions.Regex("order", default, CaseRule.MatchTimeout)) { ToolCall = new ToolPlan("lookup_order", null) };
        await using var planned = await RunningEmulator.StartAsync(Profile(null, plan));
        await using var faulty = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { WrongTool = 1 }, plan));

        var right = ToolUse(await ConverseAsync(planned, ToolConfig("""{"any":{}}""")))!["name"]!.GetValue<string>();
        var wrong = ToolUse(await ConverseAsync(faulty, ToolConfig("""{"any":{}}""")))!["name"]!.GetValue<string>();

        Assert.That(right, Is.EqualTo("lookup_order"));
        Assert.That(wrong, Is.EqualTo("issue_refund"));
    }

    [Test]
    public async Task Converse_WrongToolFault_NeverOverridesANamedToolChoice()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { WrongTool = 1 }));

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"lookup_order"}}""")))!;

        Assert.That(call["name"]!.GetValue<string>(), Is.EqualTo("lookup_order"));
    }

    [Test]
    public async Task Converse_MissingArgumentFault_LeavesOutARequiredArgument()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { MissingArgument = 1 }));

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"issue_refund"}}""")))!;

        Assert.That(call["input"]!.AsObject(), Has.Count.EqualTo(1), call.ToJsonString());
    }

    [Test]
    public async Task Converse_InvalidTypeFault_GivesAnArgumentTheWrongType()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { InvalidType = 1 }));

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"lookup_order"}}""")))!;

        Assert.That(call["input"]!["order_id"]!.GetValueKind(), Is.Not.EqualTo(JsonValueKind.String), call.ToJsonString());
    }

    [Test]
    public async Task Converse_NoCallFault_AnswersProseWithEndTurn()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { NoCall = 1 }));

        var body = await ConverseAsync(emulator, ToolConfig());

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Converse_NoCallFault_StillCallsWhenTheChoiceIsAny()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new ToolFaultRates { NoCall = 1 }));

        var body = await ConverseAsync(emulator, ToolConfig("""{"any":{}}"""));

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
    }

    [Test]
    public async Task Converse_StrictTool_ArgumentsStayValidWhateverTheFaults()
    {
        var faults = new ToolFaultRates { MissingArgument = 1, InvalidType = 1 };
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile
        {
            ToolFaults = faults,
            Faults = new FaultRates { FencedJson = 1, MissingRequired = 1, WrongType = 1 },
        }));
        var strictTools = OrderTools.Replace("\"name\":\"issue_refund\",", "\"name\":\"issue_refund\",\"strict\":true,", StringComparison.Ordinal);

        var body = await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"issue_refund"}}""", strictTools));
        var input = ToolUse(body)!["input"]!;

        Assert.That(input["order_id"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String));
        Assert.That(input["amount"]!.GetValueKind(), Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public async Task Converse_ModelWithoutToolUse_Returns400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Old, "converse", Body([User(Text(Question))], ToolConfig()));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("This model doesn't support tool use."));
    }

    [Test]
    public async Task Converse_RuleToolCall_CallsThePlannedToolWithItsArgumentsForThatCaseOnly()
    {
        var rule = new CaseRule("refund-07", null) { ToolCall = new ToolPlan("issue_refund", new JsonObject { ["order_id"] = "A-2002", ["amount"] = 19.99 }) };
        await using var emulator = await RunningEmulator.StartAsync(Profile(null, rule));

        var planned = ToolUse(await ConverseAsync(emulator, ToolConfig("""{"any":{}}""") + ""","requestMetadata":{"case_id":"refund-07"}"""))!;

        Assert.That(planned["name"]!.GetValue<string>(), Is.EqualTo("issue_refund"));
        Assert.That(planned["input"]!["order_id"]!.GetValue<string>(), Is.EqualTo("A-2002"));
        Assert.That(planned["input"]!["amount"]!.GetValue<double>(), Is.EqualTo(19.99));
    }

    [Test]
    public async Task Converse_RuleAnswerWithToolChoiceAuto_AnswersInTextWithThePlannedFieldsAndCallsNoTool()
    {
        var rule = new CaseRule(null, new System.Text.RegularExpressions.Regex("A-1001", default, CaseRule.MatchTimeout))
        {
            Answer = new JsonObject { ["status"] = "shipped", ["eligible"] = false },
        };
        await using var emulator = await RunningEmulator.StartAsync(Profile(null, rule));
        const string Schema = """{"type":"object","properties":{"status":{"type":"string","enum":["processing","shipped","unknown"]},"eligible":{"type":"boolean"},"reply":{"type":"string"}},"required":["status","eligible","reply"]}""";

        var body = await ConverseAsync(emulator, ToolConfig("""{"auto":{}}"""), question: Question + " Answer as JSON matching " + Schema);
        var text = body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();
        var answer = JsonNode.Parse(text)!;

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("shipped"));
        Assert.That(answer["eligible"]!.GetValue<bool>(), Is.False);
        Assert.That(answer["reply"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String), "the other fields are generated");
    }

    [Test]
    public async Task Converse_RuleAnswerWithAToolNamed_StillCallsTheNamedTool()
    {
        var rule = new CaseRule(null, new System.Text.RegularExpressions.Regex("A-1001", default, CaseRule.MatchTimeout))
        {
            Answer = new JsonObject { ["status"] = "shipped" },
        };
        await using var emulator = await RunningEmulator.StartAsync(Profile(null, rule));

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig("""{"tool":{"name":"lookup_order"}}""")))!;

        Assert.That(call["name"]!.GetValue<string>(), Is.EqualTo("lookup_order"), "a forced tool wins over a planned text answer");
    }

    [Test]
    public async Task Converse_RuleWrongAnswerOnToolInput_PassesTheIdAsANumber()
    {
        var rule = new CaseRule(null, new System.Text.RegularExpressions.Regex("A-1001", default, CaseRule.MatchTimeout))
        {
            ToolCall = new ToolPlan("lookup_order", new JsonObject { ["order_id"] = "A-1001" }),
            WrongAnswers = [new WrongAnswer("/order_id", JsonValue.Create(1001), AnotherEnumValue: false)],
        };
        await using var emulator = await RunningEmulator.StartAsync(Profile(null, rule));

        var call = ToolUse(await ConverseAsync(emulator, ToolConfig()))!;

        Assert.That(call["name"]!.GetValue<string>(), Is.EqualTo("lookup_order"));
        Assert.That(call["input"]!["order_id"]!.GetValue<int>(), Is.EqualTo(1001));
    }

    [Test]
    public async Task ConverseStream_ToolCall_StreamsTheToolUseBlockWithItsInput()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile());

        var (response, messages) = await EmulatorHttp.StreamAsync(emulator.Client, Model, Body([User(Text(Question))], ToolConfig("""{"tool":{"name":"lookup_order"}}""")));
        using (response)
        {
            var payloads = messages.Select(EmulatorHttp.Payload).ToList();
            var start = payloads.Single(p => p["start"] is not null);
            var input = string.Concat(payloads.Where(p => p["delta"]?["toolUse"] is not null).Select(p => p["delta"]!["toolUse"]!["input"]!.GetValue<string>()));

            Assert.That(start["start"]!["toolUse"]!["name"]!.GetValue<string>(), Is.EqualTo("lookup_order"));
            Assert.That(JsonNode.Parse(input)!["order_id"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String));
            Assert.That(payloads.Single(p => p["stopReason"] is not null)["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        }
    }

    [Test]
    public async Task Converse_OrderAssistantExampleProfile_PlantsTheToolRegressionInTheCandidateOnly()
    {
        const string Baseline = "anthropic.claude-3-5-haiku-20241022-v1:0";
        const string Candidate = "anthropic.claude-haiku-4-5-20251001-v1:0";
        var example = EmulatorProfile.Load(Path.Combine(RepoPaths.Root, "prompts", "examples", "order-assistant", "profile.yaml"));
        var instant = new EmulatorProfile(example.Seed, example.Models.ToDictionary(m => m.Key, m => m.Value with { Latency = LatencyProfile.None }));
        await using var emulator = await RunningEmulator.StartAsync(instant);
        var questions = Enumerable.Range(1, 200).Select(i => $"Where is my order A-{1000 + i}? It has not arrived.").ToList();

        var baseline = await CallsAsync(emulator, Baseline, questions);
        var candidate = await CallsAsync(emulator, Candidate, questions);
        TestContext.Out.WriteLine($"candidate: {candidate.Count(c => c["name"]!.GetValue<string>() != "lookup_order")} wrong tool, {candidate.Count(c => c["input"]!["order_id"]!.GetValueKind() == JsonValueKind.Number)} numeric order_id of {candidate.Count}");

        Assert.Multiple(() =>
        {
            Assert.That(baseline.Count(c => c["name"]!.GetValue<string>() != "lookup_order"), Is.Zero);
            Assert.That(baseline.Count(c => c["input"]!["order_id"]!.GetValueKind() != JsonValueKind.String), Is.Zero);
            Assert.That(candidate.Count(c => c["name"]!.GetValue<string>() != "lookup_order"), Is.InRange(10, 35), "about 10% wrong tool");
            Assert.That(candidate.Count(c => c["input"]!["order_id"]!.GetValueKind() == JsonValueKind.Number), Is.InRange(10, 35), "about 10% numeric order id");
        });
    }

    private static async Task<List<JsonNode>> CallsAsync(RunningEmulator emulator, string modelId, IEnumerable<string> questions)
    {
        var calls = new List<JsonNode>();
        foreach (var question in questions)
        {
            calls.Add(ToolUse(await ConverseAsync(emulator, ToolConfig(), modelId, question))!);
        }

        return calls;
    }
}
