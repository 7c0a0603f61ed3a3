using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run` against an emulator that injects faults: the run finishes, every attempt settles, errors are counted per arm and gated on their own.</summary>
[TestFixture]
[NonParallelizable] // sets AWS_* environment variables for the in-process runs
public sealed class FaultToleranceTests
{
    private const string Mixed = "{ throttle: 0.2, server_error: 0.05, reset: 0.02 }";

    [Test]
    public async Task Run_ThrottlingServerErrorsAndResets_FinishesWithEveryAttemptSettledAndErrorsPerArm()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 6, samples: 10), EmulatedWorkspace.Profile(baselineErrors: Mixed, candidateErrors: Mixed));

        var code = await workspace.RunAsync("--out", "out");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        var journal = workspace.Journal("out");
        AssertEveryPlannedAttemptSettledOnce(journal);
        Assert.That(RuntimeCalls(workspace), Is.EqualTo(journal.Records.Length), "every model call that reached the service is journaled, as a try or an answer");
        var outcomes = journal.Records.Select(r => r.Outcome).ToHashSet();
        Assert.That(outcomes, Is.SupersetOf(new[] { CallOutcome.Success, CallOutcome.Throttled, CallOutcome.ServerError, CallOutcome.NetworkError }),
            "each injected fault happened and was classified");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(workspace.Directory.File("out/summary.json")));
        foreach (var arm in summary.RootElement.GetProperty("arms").EnumerateArray())
        {
            var name = arm.GetProperty("arm").GetString();
            var armRecords = journal.Records.Where(r => JsonNamingPolicy.CamelCase.ConvertName(r.Arm.ToString()) == name).ToList();
            Assert.That(arm.GetProperty("errorRate").GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Number), name);
            Assert.That(arm.GetProperty("calls").GetInt32(), Is.EqualTo(armRecords.Count), name);
            Assert.That(arm.GetProperty("throttledCalls").GetInt32(), Is.EqualTo(armRecords.Count(r => r.Outcome == CallOutcome.Throttled)), name);
            Assert.That(arm.GetProperty("planned").GetInt32(), Is.EqualTo(60), name);
        }

        Assert.That(workspace.Cli.Out, Does.Match("error rate +│ +[0-9.]+% +│ +[0-9.]+%"), "the console states the error rate of each arm");
    }

    [TestCase("malformed_body", "", "NetworkError")]
    [TestCase("reset", "", "NetworkError")]
    [TestCase("model_timeout", "", "ModelTimeout")]
    [TestCase("service_unavailable", "", "ServiceUnavailable")]
    [TestCase("slow", "timeout_seconds: 0.25", "ClientTimeout")]
    [TestCase("midstream", "stream: true", "Throttled")]
    [TestCase("malformed_body", "stream: true", "NetworkError")]
    public async Task Run_OneFaultKindOnTheCandidate_RetriesItAndSettlesEveryAttempt(string fault, string suiteKeys, string classifiedAs)
    {
        // Latency 40 ms: slow is 10x (400 ms), past the 250 ms client timeout.
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 3, samples: 6, extra: suiteKeys), EmulatedWorkspace.Profile(candidateErrors: $"{{ {fault}: 0.3 }}", latencyMs: 40));

        var code = await workspace.RunAsync("--out", "out");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        var journal = workspace.Journal("out");
        AssertEveryPlannedAttemptSettledOnce(journal);
        Assert.That(RuntimeCalls(workspace), Is.EqualTo(journal.Records.Length));
        Assert.That(journal.Records.Where(r => r.Arm == Arm.Candidate).Select(r => r.Outcome), Has.Member(Enum.Parse<CallOutcome>(classifiedAs)));
        Assert.That(journal.Records.Where(r => r.Arm == Arm.Baseline).Select(r => r.Outcome), Is.All.EqualTo(CallOutcome.Success));
        Assert.That(journal.Records.Where(r => r.Outcome != CallOutcome.Success), Has.All.Matches<AttemptRecord>(r => r.ErrorMessage is { Length: > 0 }),
            "every error says what happened");
        Assert.That(journal.Records.Where(r => r.Outcome == CallOutcome.Success), Has.All.Matches<AttemptRecord>(r => r.Text is { Length: > 0 }));
    }

    [Test]
    public async Task Run_ErrorsOnlyOnTheCandidate_FailTheErrorGateAndLeaveComplianceGatesPassing()
    {
        // One try per attempt, so about 30% of the candidate's attempts end in an error; its answers are all compliant.
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 4, samples: 10, maxAttempts: 1), EmulatedWorkspace.Profile(candidateErrors: "{ server_error: 0.3 }"));

        var code = await workspace.RunAsync("--out", "out");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(workspace.Directory.File("out/summary.json")));
        var gates = summary.RootElement.GetProperty("gates").EnumerateArray()
            .ToDictionary(g => g.GetProperty("kind").GetString()!, g => g.GetProperty("state").GetString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gates["complianceFloor"], Is.EqualTo("PASS"), "errors are not missing compliance");
            Assert.That(gates["complianceDrop"], Is.EqualTo("PASS"));
            Assert.That(gates["errorRate"], Is.EqualTo("FAIL"), "errors are their own gate");
            Assert.That(code, Is.EqualTo(ExitCodes.NoGo), workspace.Cli.Out);
        }

        var arms = summary.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
        Assert.That(arms["baseline"].GetProperty("errorRate").GetProperty("value").GetDouble(), Is.Zero);
        Assert.That(arms["candidate"].GetProperty("errorRate").GetProperty("value").GetDouble(), Is.GreaterThan(0.1));
        Assert.That(arms["candidate"].GetProperty("errorsByKind").GetProperty("serverError").GetInt32(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Run_ThrottleBursts_FinishWithEveryAttemptAnsweredAndThrottledTriesOutOfLatency()
    {
        // Of every 12 candidate requests the first 6 are throttled: each burst sends calls back, the governor slows, retries get through.
        var profile = EmulatedWorkspace.Profile(latencyMs: 20).Replace(
            $"\"{EmulatedWorkspace.Candidate}\":\n", $"\"{EmulatedWorkspace.Candidate}\":\n    throttle_bursts: {{ every: 12, length: 6 }}\n", StringComparison.Ordinal);
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 4, samples: 6, maxAttempts: 8), profile);

        var code = await workspace.RunAsync("--out", "out");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        var journal = workspace.Journal("out");
        AssertEveryPlannedAttemptSettledOnce(journal);
        var candidate = journal.Records.Where(r => r.Arm == Arm.Candidate).ToList();
        Assert.That(candidate.Count(r => r.Outcome == CallOutcome.Throttled), Is.GreaterThanOrEqualTo(candidate.Count / 2 - 6), "about half the candidate's requests were throttled");
        var finals = candidate.Where(r => r.Final).ToList();
        Assert.That(finals, Has.All.Matches<AttemptRecord>(r => r.Outcome == CallOutcome.Success || (r.Outcome == CallOutcome.Throttled && r.Try == 8)),
            "an answer, or throttled through the whole retry budget");
        Assert.That(finals.Count(r => r.Outcome == CallOutcome.Success), Is.GreaterThan(finals.Count / 2), "retries get most attempts through the bursts");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(workspace.Directory.File("out/summary.json")));
        var arm = summary.RootElement.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("arm").GetString() == "candidate");
        Assert.That(arm.GetProperty("latencyMs").GetProperty("count").GetInt32(), Is.EqualTo(finals.Count(r => r.Outcome == CallOutcome.Success)),
            "latency counts the answers only, never the throttled tries");
        Assert.That(arm.GetProperty("throttledCalls").GetInt32(), Is.EqualTo(candidate.Count(r => r.Outcome == CallOutcome.Throttled)));
    }

    [Test]
    public async Task Run_ThrottledOnEveryTry_SettlesAsClassifiedErrorsAfterTheRetryBudget()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 2, samples: 2, maxAttempts: 3), EmulatedWorkspace.Profile(candidateErrors: "{ throttle: 1.0 }"));

        await workspace.RunAsync("--out", "out");

        var journal = workspace.Journal("out");
        AssertEveryPlannedAttemptSettledOnce(journal);
        var candidate = journal.Records.Where(r => r.Arm == Arm.Candidate).ToList();
        Assert.That(candidate, Has.Count.EqualTo(4 * 3), "three tries for each of the four candidate attempts");
        Assert.That(candidate.Where(r => r.Final), Has.All.Matches<AttemptRecord>(r => r.Outcome == CallOutcome.Throttled && r.Try == 3));
        Assert.That(workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate), Is.EqualTo(12));
    }

    private static void AssertEveryPlannedAttemptSettledOnce(JournalContents journal)
    {
        var planned = RunPlan.Create(journal.Header.Suite).Attempts.Select(a => a.Key).ToList();
        var finals = journal.EffectiveRecords().Where(r => r.Final).Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(journal.End?.Status, Is.EqualTo(RunStatus.Completed));
            Assert.That(finals, Is.Unique);
            Assert.That(finals, Is.EquivalentTo(planned), "every planned attempt ends as an answer or a classified error");
        }
    }

    /// <summary>Model calls only: the run also asks the control plane for both models' lifecycle.</summary>
    private static long RuntimeCalls(EmulatedWorkspace workspace) =>
        workspace.Emulator.RequestCountFor(EmulatedWorkspace.Baseline) + workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate);
}
