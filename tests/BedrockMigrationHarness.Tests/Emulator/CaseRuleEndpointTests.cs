using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.EventStream;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>Profile rules: behaviour planted in one case (by case id or prompt regex) and nowhere else.</summary>
[TestFixture]
public sealed class CaseRuleEndpointTests
{
    private const string Model = EmulatorTestProfiles.Active;

    /// <summary>The ticket schema in the prompt; the prompt names "high", so an unplanted answer has priority high.</summary>
    private static readonly string TicketPrompt = $"Answer with JSON matching this schema:\n{AnalysisFixtures.TicketSchema}\nTicket: the printer is on fire, priority high.";

    private static string WithCase(string caseId) => $$""","requestMetadata":{"case_id":"{{caseId}}"}""";

    private static EmulatorProfile Profile(params CaseRule[] rules) =>
        EmulatorTestProfiles.Single(Model, new ModelProfile { OutputTokens = new TokenDistribution(60, 0), Rules = rules });

    [Test]
    public async Task Converse_RuleForOneCaseId_FencesOnlyThatCase()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new CaseRule("ticket-07", null) { Faults = new FaultRates { FencedJson = 1 } }));

        var matched = await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("ticket-07")));
        var other = await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("ticket-08")));
        var none = await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt));

        Assert.Multiple(() =>
        {
            Assert.That(matched, Does.StartWith("```json"));
            Assert.That(other, Does.StartWith("{"));
            Assert.That(none, Does.StartWith("{"));
        });
    }

    [Test]
    public async Task Converse_RuleForPromptRegex_ChangesTokensAndLatencyOnlyThere()
    {
        var rule = new CaseRule(null, new Regex("refund", RegexOptions.None, CaseRule.MatchTimeout))
        {
            OutputTokens = new TokenDistribution(300, 0),
            Latency = new LatencyProfile(FixedMs: 40),
        };
        await using var emulator = await RunningEmulator.StartAsync(Profile(rule));

        var matched = await ConverseAsync(emulator, EmulatorHttp.UserMessage("Please process my refund."));
        var other = await ConverseAsync(emulator, EmulatorHttp.UserMessage("Please reset my password."));

        Assert.Multiple(() =>
        {
            Assert.That(matched["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(300));
            Assert.That(matched["metrics"]!["latencyMs"]!.GetValue<long>(), Is.EqualTo(40));
            Assert.That(other["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(60));
            Assert.That(other["metrics"]!["latencyMs"]!.GetValue<long>(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Converse_LaterRuleWins_OverAnEarlierMatchingOne()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(
            new CaseRule("c1", null) { OutputTokens = new TokenDistribution(200, 0) },
            new CaseRule(null, new Regex("fire", RegexOptions.None, CaseRule.MatchTimeout)) { OutputTokens = new TokenDistribution(250, 0) }));

        var both = await ConverseAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("c1")));

        Assert.That(both["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(250));
    }

    [Test]
    public async Task Converse_AnotherEnumValue_StaysSchemaValidAndFailsTheExpectation()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(
            new CaseRule("wrong", null) { WrongAnswers = [new WrongAnswer("/priority", null, AnotherEnumValue: true)] }));
        var @case = AnalysisFixtures.Case("wrong", AnalysisFixtures.TicketSchema, new Expectation(ExpectationKind.EqualTo, "high", "/priority"));
        var checker = new ResponseChecker([@case]);

        var planted = checker.Check(@case, await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("wrong"))));
        var right = checker.Check(@case, await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("right"))));

        Assert.Multiple(() =>
        {
            Assert.That(planted.FormatCompliant, Is.True, string.Join("; ", planted.SchemaErrors));
            Assert.That(planted.ExpectationsMet, Is.False);
            Assert.That(right.Passed, Is.True);
        });
    }

    [Test]
    public async Task Converse_GivenValueAtRateZero_NeverPlants()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(
            new CaseRule("c", null) { WrongAnswers = [new WrongAnswer("/title", JsonValue.Create("never"), false, Rate: 0)] },
            new CaseRule("d", null) { WrongAnswers = [new WrongAnswer("/title", JsonValue.Create("planted"), false)] }));

        var zero = JsonNode.Parse(await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("c"))))!;
        var planted = JsonNode.Parse(await AnswerTextAsync(emulator, EmulatorHttp.UserMessage(TicketPrompt, extra: WithCase("d"))))!;

        Assert.That(zero["title"]!.GetValue<string>(), Is.Not.EqualTo("never"));
        Assert.That(planted["title"]!.GetValue<string>(), Is.EqualTo("planted"));
    }

    [Test]
    public async Task Invoke_CaseIdInMetadataHeader_MatchesTheRule()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new CaseRule("inv-1", null) { OutputTokens = new TokenDistribution(77, 0) }));
        var json = $$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""";

        var matched = await InvokeAsync(emulator, json, """{"case_id":"inv-1"}""");
        var other = await InvokeAsync(emulator, json, """{"case_id":"inv-2"}""");

        Assert.Multiple(() =>
        {
            Assert.That(matched["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(77));
            Assert.That(other["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(60));
        });
    }

    [Test]
    public async Task ConverseStream_RuleWithMidstreamError_BreaksOnlyThatCasesStream()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profile(new CaseRule("s1", null) { Errors = new ErrorRates { Midstream = 1 } }));

        async Task<string?> LastEventAsync(string caseId)
        {
            using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse-stream", EmulatorHttp.UserMessage("Tell me something.", extra: WithCase(caseId)));
            var messages = EventStreamCodec.DecodeAll(await response.Content.ReadAsByteArrayAsync());
            return messages[^1].Header(":event-type") ?? messages[^1].Header(":exception-type");
        }

        Assert.That(await LastEventAsync("s1"), Is.EqualTo("throttlingException"));
        Assert.That(await LastEventAsync("s2"), Is.EqualTo("metadata"));
    }

    private static async Task<JsonObject> ConverseAsync(RunningEmulator emulator, string json)
    {
        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", json);
        return await EmulatorHttp.ReadJsonAsync(response);
    }

    private static async Task<string> AnswerTextAsync(RunningEmulator emulator, string json) =>
        (await ConverseAsync(emulator, json))["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

    private static async Task<JsonObject> InvokeAsync(RunningEmulator emulator, string json, string metadata)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/model/{EmulatorHttp.EncodeLabel(Model)}/invoke", UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Amzn-Bedrock-Request-Metadata", metadata);
        using var response = await emulator.Client.SendAsync(request);
        return await EmulatorHttp.ReadJsonAsync(response);
    }
}
