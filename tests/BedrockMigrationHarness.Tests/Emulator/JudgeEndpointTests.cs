using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>
/// The emulator playing a judge: requests written by <see cref="JudgePrompt.Build"/> and sent by the harness's own Bedrock
/// client, verdicts read back by <see cref="JudgeVerdictReader"/>. Statistical tests use a fixed seed, so their numbers are
/// fixed; each tolerance is 4 standard errors of the observed share at its count, the band a correct emulator stays in
/// for all but about 1 seed in 16,000.
/// </summary>
[TestFixture]
public sealed class JudgeEndpointTests
{
    private const string Judge = "m.judge-v1:0";
    private const string Marker = "N/A";
    private const int Pairs = 1000;

    private static readonly SuiteDefinition Suite = SuiteFactory.Create(cases: 1);
    private static readonly JudgeSettings Settings = new(Judge, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference);

    private static JudgeBehaviour Behaviour(double accuracy = 1, double positionBias = 0, double malformed = 0) =>
        new(new Regex(Regex.Escape(Marker), RegexOptions.CultureInvariant, CaseRule.MatchTimeout), accuracy, positionBias, malformed);

    private static EmulatorProfile Profile(JudgeBehaviour? judge, long seed = 42, ErrorRates? errors = null) =>
        EmulatorTestProfiles.Single(Judge, new ModelProfile { Judge = judge, Errors = errors ?? new() }, seed);

    /// <summary>The judge request for pair <paramref name="pair"/> (distinct per pair); an answer that is worse carries the marker.</summary>
    private static ModelRequest Request(int pair, bool firstWorse, bool secondWorse, bool stream = false)
    {
        var @case = new PromptCase($"ticket-{pair}", [Turn.UserText($"Summarise ticket {pair}: the export to CSV times out.")], null, null, [], null);
        static JudgedAnswer Answer(int pair, bool worse, string who) =>
            new($"{{\"summary\":\"{(worse ? Marker : $"Ticket {pair}: the export times out for large files ({who}).")}\"}}", []);
        return JudgePrompt.Build(Suite, Settings, @case, Answer(pair, firstWorse, "one"), Answer(pair, secondWorse, "two")) with { Stream = stream };
    }

    private static async Task<List<ModelCallResult>> SendAllAsync(EmulatorProfile profile, IEnumerable<ModelRequest> requests)
    {
        await using var emulator = await RunningEmulator.StartAsync(profile);
        return await SendAllAsync(emulator, requests);
    }

    /// <summary>Sends every request through the harness's Bedrock client, eight at a time, and gives the results in request order.</summary>
    private static async Task<List<ModelCallResult>> SendAllAsync(RunningEmulator emulator, IEnumerable<ModelRequest> requests)
    {
        using var client = BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(emulator.Server.BaseAddress, "AKIDEXAMPLE", "secret", "us-east-1"));
        using var gate = new SemaphoreSlim(8);
        return [.. await Task.WhenAll(requests.Select(async request =>
        {
            await gate.WaitAsync();
            try
            {
                return await client.SendAsync(request, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    private static JudgeVerdict? Verdict(ModelCallResult result) => JudgeVerdictReader.Read(result.Text, result.ToolCalls, out _);

    private static List<JudgePick> Picks(IEnumerable<ModelCallResult> results) =>
        [.. results.Select(r => Verdict(r) ?? throw new AssertionException($"not a verdict: {r.Outcome} {r.ErrorMessage} {r.Text}")).Select(v => v.Pick)];

    private static double Share(IReadOnlyCollection<JudgePick> picks, JudgePick pick) => picks.Count(p => p == pick) / (double)picks.Count;

    /// <summary>Four standard errors of a share of expected value <paramref name="p"/> over <paramref name="n"/> draws.</summary>
    private static double Tolerance(double p, int n) => 4 * Math.Sqrt(p * (1 - p) / n);

    [TestCase(true, false, JudgePick.Second)]
    [TestCase(false, true, JudgePick.First)]
    [TestCase(true, true, JudgePick.Tie)]
    [TestCase(false, false, JudgePick.Tie)]
    public async Task SendAsync_PerfectJudge_TheAnswerWithoutTheWorseMarkerWinsElseTie(bool firstWorse, bool secondWorse, JudgePick expected)
    {
        var results = await SendAllAsync(Profile(Behaviour()), Enumerable.Range(1, 20).Select(i => Request(i, firstWorse, secondWorse)));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CallOutcome.Success));
            Assert.That(results.Select(r => r.StopReason), Is.All.EqualTo("tool_use"));
            Assert.That(results.Select(r => r.ToolCalls.Single().Name), Is.All.EqualTo(JudgePrompt.ToolName));
            Assert.That(results.Select(r => r.OutputTokens), Is.All.GreaterThan(0));
            Assert.That(Picks(results), Is.All.EqualTo(expected));
        });
    }

    [Test]
    public async Task SendAsync_ManyPairs_ObservedAccuracyAndPositionBiasMatchTheProfile()
    {
        const double Accuracy = 0.8, PositionBias = 0.1;
        var profile = Profile(Behaviour(Accuracy, PositionBias));

        // Answer A carries the marker, so the truth is B; then pairs where neither does, so the truth is a tie.
        var truthSecond = Picks(await SendAllAsync(profile, Enumerable.Range(1, Pairs).Select(i => Request(i, firstWorse: true, secondWorse: false))));
        var truthTie = Picks(await SendAllAsync(profile, Enumerable.Range(1, Pairs).Select(i => Request(i, firstWorse: false, secondWorse: false))));

        // An error is one of the two other picks, each as likely; so with a tie for truth P(A) − P(B) is the position bias,
        // and with B for truth P(B) = (1 − bias) · accuracy.
        var observedBias = Share(truthTie, JudgePick.First) - Share(truthTie, JudgePick.Second);
        var observedAccuracy = Share(truthSecond, JudgePick.Second) / (1 - observedBias);
        var expectedFirst = PositionBias + ((1 - PositionBias) * (1 - Accuracy) / 2);
        var expectedTruth = (1 - PositionBias) * Accuracy;
        var expectedOther = (1 - PositionBias) * (1 - Accuracy) / 2;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"truth B: A {Share(truthSecond, JudgePick.First):0.000} B {Share(truthSecond, JudgePick.Second):0.000} tie {Share(truthSecond, JudgePick.Tie):0.000}; truth tie: A {Share(truthTie, JudgePick.First):0.000} B {Share(truthTie, JudgePick.Second):0.000} tie {Share(truthTie, JudgePick.Tie):0.000}; position bias {observedBias:0.000}, accuracy {observedAccuracy:0.000}"));

        Assert.Multiple(() =>
        {
            Assert.That(Share(truthSecond, JudgePick.First), Is.EqualTo(expectedFirst).Within(Tolerance(expectedFirst, Pairs)));
            Assert.That(Share(truthSecond, JudgePick.Second), Is.EqualTo(expectedTruth).Within(Tolerance(expectedTruth, Pairs)));
            Assert.That(Share(truthSecond, JudgePick.Tie), Is.EqualTo(expectedOther).Within(Tolerance(expectedOther, Pairs)));
            Assert.That(Share(truthTie, JudgePick.First), Is.EqualTo(expectedFirst).Within(Tolerance(expectedFirst, Pairs)));
            Assert.That(Share(truthTie, JudgePick.Tie), Is.EqualTo(expectedTruth).Within(Tolerance(expectedTruth, Pairs)));
            Assert.That(Share(truthTie, JudgePick.Second), Is.EqualTo(expectedOther).Within(Tolerance(expectedOther, Pairs)));

            // Var(A − B) over n multinomial draws = (pA + pB − (pA − pB)²) / n.
            var biasError = 4 * Math.Sqrt((expectedFirst + expectedOther - (PositionBias * PositionBias)) / Pairs);
            Assert.That(observedBias, Is.EqualTo(PositionBias).Within(biasError));
            Assert.That(observedAccuracy, Is.EqualTo(Accuracy).Within(Tolerance(expectedTruth, Pairs) / (1 - PositionBias) + biasError));
        });
    }

    [Test]
    public async Task SendAsync_MalformedRate_ThatShareIsUnreadableBothWaysAndTheRestAreVerdicts()
    {
        const double Malformed = 0.3;
        const int Count = 400;

        var results = await SendAllAsync(Profile(Behaviour(malformed: Malformed)), Enumerable.Range(1, Count).Select(i => Request(i, true, false)));
        var unreadable = results.Where(r => Verdict(r) is null).ToList();
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{unreadable.Count} of {Count} malformed"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CallOutcome.Success));
            Assert.That(unreadable.Count / (double)Count, Is.EqualTo(Malformed).Within(Tolerance(Malformed, Count)));
            Assert.That(unreadable.Count(r => r.ToolCalls.IsEmpty && r.Text is { Length: > 0 } && r.StopReason == "end_turn"), Is.GreaterThan(0), "some write the verdict as text");
            Assert.That(unreadable.Count(r => r.ToolCalls.SingleOrDefault()?.InputJson.Contains("\"winner\":\"C\"", StringComparison.Ordinal) == true), Is.GreaterThan(0), "some name winner C");
            Assert.That(results.Except(unreadable).Select(r => Verdict(r)!.Pick), Is.All.EqualTo(JudgePick.Second));
        });
    }

    [Test]
    public async Task SendAsync_SameSeedAndBodies_SameVerdictsAndAnotherSeedOthers()
    {
        var requests = Enumerable.Range(1, 60).Select(i => Request(i, false, false)).ToList();

        var first = await SendAllAsync(Profile(Behaviour(0.5, 0.2)), requests);
        var again = await SendAllAsync(Profile(Behaviour(0.5, 0.2)), requests);
        var other = await SendAllAsync(Profile(Behaviour(0.5, 0.2), seed: 43), requests);

        Assert.That(again.Select(r => r.ToolCalls.Single().InputJson), Is.EqualTo(first.Select(r => r.ToolCalls.Single().InputJson)));
        Assert.That(other.Select(r => r.ToolCalls.Single().InputJson), Is.Not.EqualTo(first.Select(r => r.ToolCalls.Single().InputJson)));
    }

    [Test]
    public async Task SendAsync_ConverseStream_StreamsTheSameVerdictAsConverse()
    {
        var profile = Profile(Behaviour(0.6, 0.2, malformed: 0.2));

        var plain = await SendAllAsync(profile, Enumerable.Range(1, 40).Select(i => Request(i, i % 2 == 0, i % 3 == 0)));
        var streamed = await SendAllAsync(profile, Enumerable.Range(1, 40).Select(i => Request(i, i % 2 == 0, i % 3 == 0, stream: true)));

        Assert.That(streamed.Select(r => r.Outcome), Is.All.EqualTo(CallOutcome.Success));
        Assert.That(streamed.Select(r => r.StopReason), Is.EqualTo(plain.Select(r => r.StopReason)));
        Assert.That(streamed.Select(Verdict), Is.EqualTo(plain.Select(Verdict)));
        Assert.That(streamed.Select(r => r.ToolCalls.Count(c => c.Name == JudgePrompt.ToolName)), Has.Some.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_ProfileErrors_ApplyToJudgeRequestsAsToAnyRequest()
    {
        var results = await SendAllAsync(Profile(Behaviour(), errors: new ErrorRates { Throttle = 1 }), [Request(1, true, false)]);

        Assert.That(results.Single().Outcome, Is.EqualTo(CallOutcome.Throttled));
    }

    [Test]
    public async Task Converse_NotAJudgeRequest_AnswersExactlyAsTheSameModelWithoutAJudge()
    {
        // The text of a judge request, but the verdict tool is not offered.
        var body = EmulatorHttp.UserMessage(Request(1, true, false).LastUserText, extra: ConverseBodies.ToolConfig("""{"any":{}}"""));

        var judging = await AnswerAsync(Profile(Behaviour(0.5, 0.5, 0.5)), body);
        var plain = await AnswerAsync(Profile(null), body);

        Assert.That(judging, Is.EqualTo(plain));
        Assert.That(judging, Does.Contain("toolUse"));
    }

    private static async Task<string> AnswerAsync(EmulatorProfile profile, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync(profile);
        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Judge, "converse", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await EmulatorHttp.ReadJsonAsync(response)).ToJsonString();
    }

    [Test]
    public async Task SendAsync_RuleJudgeForOneCase_PlaysTheJudgeForThatCaseOnly()
    {
        var rule = new CaseRule("ticket-1", null) { Judge = Behaviour() };
        var profile = EmulatorTestProfiles.Single(Judge, new ModelProfile { Rules = [rule] });

        var results = await SendAllAsync(profile, [Request(1, true, false), Request(2, true, false)]);
        var withoutJudge = await SendAllAsync(Profile(null), [Request(2, true, false)]);

        Assert.That(Verdict(results[0])?.Pick, Is.EqualTo(JudgePick.Second));
        Assert.That(results[1].ToolCalls, Is.EqualTo(withoutJudge[0].ToolCalls), "the other case's verdict tool input is generated from its schema, as without a judge");
    }

    [Test]
    public async Task SendAsync_SupportJudgeExampleProfile_TheJudgeFindsThePlantedQualityRegression()
    {
        const string Baseline = "anthropic.claude-3-5-sonnet-20241022-v2:0";
        const string Candidate = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        const string ExampleJudge = "amazon.nova-pro-v1:0";
        const int Count = 400;
        var folder = Path.Combine(RepoPaths.Root, "prompts", "examples", "support-judge");
        var example = EmulatorProfile.Load(Path.Combine(folder, "profile.yaml"));
        var instant = new EmulatorProfile(example.Seed, example.Models.ToDictionary(m => m.Key, m => m.Value with { Latency = LatencyProfile.None }));
        var schema = await File.ReadAllTextAsync(Path.Combine(folder, "schemas", "reply.json"));
        var settings = Settings with { ModelId = ExampleJudge };
        var cases = Enumerable.Range(1, Count).Select(i => new PromptCase($"reply-{i}", [Turn.UserText(
            $"Summarise the customer's message for the next agent, and write the reply to send.\nAnswer with JSON matching this JSON Schema:\n{schema}\n\nCustomer: message {i}, the export times out.")], null, null, [], null)).ToList();
        ModelRequest Ask(string model, PromptCase @case) => new(model, "Answer with JSON only.", @case.Messages, new InferenceSettings(512, 0, null, []), false, TimeSpan.FromSeconds(30));
        await using var emulator = await RunningEmulator.StartAsync(instant);

        var baseline = await SendAllAsync(emulator, cases.Select(c => Ask(Baseline, c)));
        var candidate = await SendAllAsync(emulator, cases.Select(c => Ask(Candidate, c)));
        var answers = baseline.Zip(candidate, (b, c) => (Baseline: new JudgedAnswer(b.Text, []), Candidate: new JudgedAnswer(c.Text, []))).ToList();
        var candidateSecond = Picks(await SendAllAsync(emulator, cases.Select((c, i) => JudgePrompt.Build(Suite, settings, c, answers[i].Baseline, answers[i].Candidate))));
        var candidateFirst = Picks(await SendAllAsync(emulator, cases.Select((c, i) => JudgePrompt.Build(Suite, settings, c, answers[i].Candidate, answers[i].Baseline))));

        var planted = candidate.Count(c => c.Text!.Contains(Marker, StringComparison.Ordinal));
        var wins = Enumerable.Range(0, Count).Count(i => candidateSecond[i] == JudgePick.Second && candidateFirst[i] == JudgePick.First);
        var losses = Enumerable.Range(0, Count).Count(i => candidateSecond[i] == JudgePick.First && candidateFirst[i] == JudgePick.Second);
        var netLoss = (losses - wins) / (double)Count;
        var samePosition = Enumerable.Range(0, Count).Count(i => candidateSecond[i] != JudgePick.Tie && candidateSecond[i] == candidateFirst[i]) / (double)Count;
        var agreement = Enumerable.Range(0, Count).Count(i => candidateSecond[i] == JudgePick.Tie ? candidateFirst[i] == JudgePick.Tie : candidateSecond[i] != candidateFirst[i] && candidateFirst[i] != JudgePick.Tie) / (double)Count;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{planted} of {Count} candidate summaries planted; {wins} wins, {losses} losses, {Count - wins - losses} ties; net loss {netLoss:0.000}; same position both orders {samePosition:0.000}; agreement {agreement:0.000}"));

        // Expected: 20% planted. A planted pair is a loss when both orders see the truth, (0.1 + 0.9·0.85)·(0.9·0.85) = 0.662,
        // and a win 0.0675·0.1675 = 0.011; an unplanted pair (truth tie) is a win or a loss alike, 0.1675·0.0675 = 0.011 each.
        // So P(loss) = 0.2·0.662 + 0.8·0.011 = 0.141, P(win) = 0.011, net loss 0.130, and its variance per pair
        // P(win) + P(loss) − 0.130² = 0.136.
        Assert.Multiple(() =>
        {
            Assert.That(baseline.Count(b => b.Text!.Contains(Marker, StringComparison.Ordinal)), Is.Zero);
            Assert.That(planted / (double)Count, Is.EqualTo(0.2).Within(Tolerance(0.2, Count)));
            Assert.That(netLoss, Is.EqualTo(0.130).Within(4 * Math.Sqrt(0.136 / Count)), "the net loss follows the planted share");

            // The report's position-bias rate (the same position picked in both orders) is not the profile's position_bias:
            // an unplanted pair gives A,A with 0.1675² and B,B with 0.0675², a planted one A,A with 0.865·0.1675 and B,B with
            // 0.0675·0.765; so 0.8·0.033 + 0.2·0.197 = 0.066. Agreement (both orders prefer the same answer, or both say tie):
            // an unplanted pair both tie with 0.765² (0.9·0.85 each) or win or lose (0.011 each), a planted one lose (0.662), win
            // (0.011) or both tie (0.0675²); so 0.8·0.608 + 0.2·0.678 = 0.622.
            Assert.That(samePosition, Is.EqualTo(0.066).Within(Tolerance(0.066, Count)));
            Assert.That(agreement, Is.EqualTo(0.622).Within(Tolerance(0.622, Count)));
        });
    }
}
