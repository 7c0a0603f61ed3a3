using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

/// <summary>
/// An adaptive run (suite key <c>adaptive:</c>, <c>--until-decided</c>): rounds, the looks in the journal, resume mid-way.
/// The answers are scripted per arm and the clock is fake, so every look's decision is exact.
/// </summary>
[TestFixture]
public sealed class MigrationRunAdaptiveTests
{
    private const string NotJson = "I cannot answer in JSON.";
    private const string JudgeModel = "judge.model-v1:0";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>20 ticket cases with a schema, round 1 of 5 samples, a 100-sample cap; retries without delay.</summary>
    private static SuiteDefinition Suite(int maxSamples = 100) =>
        AnalysisFixtures.Suite(samples: 5) with
        {
            Concurrency = 16,
            Retry = new RetrySettings(2, TimeSpan.Zero, TimeSpan.Zero),
            Adaptive = new AdaptiveSettings(maxSamples, null, AdaptiveSettings.DefaultPassConfidence, SpendingFunction.Pocock),
        };

    private static MigrationRun Run(TempDirectory dir, SuiteDefinition suite, bool resume = false, PriceTable? prices = null)
    {
        var directory = dir.File("out");
        var options = new MigrationRunOptions(dir.File("suite.yaml"), dir.Path, resume ? null : directory, resume ? directory : null);
        return new MigrationRun(suite, prices, null, directory, options, new FakeTimeProvider(T0), () => 0);
    }

    /// <summary>The baseline answers every ticket in JSON; the candidate too, unless <paramref name="candidateBroken"/>.</summary>
    private static ScriptedModelClient Client(bool candidateBroken = false, Action? onCall = null) =>
        new((request, _) =>
        {
            onCall?.Invoke();
            return request.ModelId == JudgeModel
                ? ScriptedModelClient.Ok(string.Empty) with
                {
                    ToolCalls = [new ToolCall("tu-1", JudgePrompt.ToolName, JudgeVerdictReader.InputJson(new JudgeVerdict(JudgePick.Tie, 0.9, "Both answer it.")))],
                }
                : ScriptedModelClient.Ok(candidateBroken && request.ModelId == "model-b" ? NotJson : AnalysisFixtures.CompliantTicket);
        });

    private static JournalContents Journal(TempDirectory dir) => JournalReader.Read(dir.File("out/results.jsonl"));

    /// <summary>Each planned attempt's final tries: more than one would be an attempt paid for twice.</summary>
    private static int MostFinalsOfOneAttempt(JournalContents journal) =>
        journal.Records.Where(r => r.Final).GroupBy(r => (r.CaseId, r.Arm, r.Sample)).Max(g => g.Count());

    [Test]
    public async Task RunAsync_CandidateClearlyWorse_StopsNoGoAtTheFirstLook()
    {
        using var dir = new TempDirectory();
        var client = Client(candidateBroken: true);
        var observer = new RecordingObserver();

        var outcome = await Run(dir, Suite()).RunAsync(new RunPorts(client, new NoLifecycle(T0), observer), CancellationToken.None);

        var journal = Journal(dir);
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(client.Calls, Has.Count.EqualTo(200), "round 1 only: 20 cases × 5 samples × 2 arms");
        Assert.That(journal.Looks, Has.Length.EqualTo(1));
        Assert.That(journal.Looks[0].Stop, Is.EqualTo(LookStop.Decided));
        Assert.That(journal.Looks[0].SamplesPerCase, Is.EqualTo(5));
        Assert.That(journal.Looks[0].Gates.Single(g => g.Kind == GateKind.ComplianceFloor).State, Is.EqualTo(LookGateState.Fail));
        Assert.That(journal.End!.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(observer.Starts.Select(s => s.Round), Is.EqualTo(new int?[] { 1 }));
        Assert.That(observer.Notes, Has.Some.StartsWith("look 1 at 5 samples per case: format compliance floor, format compliance drop shown beyond the limit; no more rounds."));
        var analysis = RunAnalyzer.Analyze(journal).Analysis;
        Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
        Assert.That(analysis.Run.Samples, Is.EqualTo(5));
    }

    [Test]
    public async Task RunAsync_IdenticalArms_AddsRoundsUntilEveryBlockingGatePassesAndTheReportRecomputesEveryLook()
    {
        using var dir = new TempDirectory();
        var client = Client();
        var observer = new RecordingObserver();

        var outcome = await Run(dir, Suite()).RunAsync(new RunPorts(client, new NoLifecycle(T0), observer), CancellationToken.None);

        var journal = Journal(dir);
        var looks = journal.Looks;
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(looks.Length, Is.GreaterThanOrEqualTo(2), "5 samples per case cannot show a 1-point drop limit");
        Assert.That(looks[..^1].Select(l => l.Stop), Is.All.EqualTo(LookStop.Continue));
        Assert.That(looks[^1].Stop, Is.EqualTo(LookStop.Decided));
        Assert.That(looks[^1].Gates.Select(g => g.State), Is.All.EqualTo(LookGateState.Pass));
        Assert.That(looks.Select(l => l.Index), Is.EqualTo(Enumerable.Range(1, looks.Length)));
        Assert.That(looks.Skip(1).Select(l => l.SamplesPerCase), Is.EqualTo(looks[..^1].Select(l => l.NextSamplesPerCase)),
            "each round brings every case to the samples its look named");
        Assert.That(observer.Starts.Select(s => (s.Round, s.Suite.Samples)), Is.EqualTo(looks.Select(l => ((int?)l.Index, l.SamplesPerCase))));
        Assert.That(observer.Starts.Skip(1).Select(s => s.AlreadySettled), Is.EqualTo(looks[..^1].Select(l => 20 * 2 * l.SamplesPerCase)),
            "a round sends only the samples it adds");
        Assert.That(client.Calls, Has.Count.EqualTo(20 * 2 * looks[^1].SamplesPerCase));
        Assert.That(journal.Records.Max(r => r.Sample), Is.EqualTo(looks[^1].SamplesPerCase - 1));
        Assert.That(MostFinalsOfOneAttempt(journal), Is.EqualTo(1));
        var lookNotes = observer.Notes.Where(n => n.StartsWith("look ", StringComparison.Ordinal)).ToArray();
        Assert.That(lookNotes, Has.Length.EqualTo(looks.Length), "a note per look");
        Assert.That(lookNotes[0], Does.StartWith("look 1 at 5 samples per case: ")
            .And.Contain("format compliance drop undecided (estimate 0.0 pts, limit -1.0 pts)")
            .And.EndWith($"; next round to {looks[0].NextSamplesPerCase} samples per case."));
        Assert.That(lookNotes[^1], Is.EqualTo($"look {looks.Length} at {looks[^1].SamplesPerCase} samples per case: every blocking gate decided, each within its limit; no more rounds."));

        var report = RunAnalyzer.Analyze(journal).Analysis;
        Assert.That(report.Verdict.Verdict, Is.EqualTo(Verdict.Go), string.Join(" | ", report.Verdict.Reasons));
        Assert.That(report.Run.Samples, Is.EqualTo(looks[^1].SamplesPerCase));
        var recomputed = report.Adaptive!.Looks;
        Assert.That(recomputed.Select(l => (l.Index, l.SamplesPerCase, l.Stop, l.NextSamplesPerCase, l.ModelCalls)),
            Is.EqualTo(looks.Select(l => (l.Index, l.SamplesPerCase, (LookStop?)l.Stop, l.NextSamplesPerCase, l.ModelCalls))));
        Assert.That(recomputed.Select(l => l.Gates.Select(g => (g.Kind, g.State)).ToArray()),
            Is.EqualTo(looks.Select(l => l.Gates.Select(g => (g.Kind, g.State)).ToArray())), "the report reproduces every look's decision");
        Assert.That(recomputed.Select(l => (l.FailLevel, l.PassLevel)), Is.EqualTo(looks.Select(l => (l.FailLevel, l.PassLevel))));
    }

    [Test]
    public async Task RunAsync_CancelledMidRoundTwoThenResumed_SendsExactlyTheMissingAttemptsAndContinues()
    {
        using var dir = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var stopping = Client(onCall: () =>
        {
            if (Interlocked.Increment(ref calls) == 260)
            {
                stop.Cancel();
            }
        });
        var suite = Suite();
        var first = await Run(dir, suite).RunAsync(new RunPorts(stopping, new NoLifecycle(T0), new RecordingObserver()), stop.Token);
        var interrupted = Journal(dir);
        var roundTwo = interrupted.Looks.Single().NextSamplesPerCase!.Value;
        var settled = interrupted.SettledKeys(includeErrors: true);
        var missing = RunPlan.Create(suite with { Samples = roundTwo }).Without(settled).Attempts.Select(a => a.Key).ToHashSet();
        var answering = Client();
        var observer = new RecordingObserver();

        var outcome = await Run(dir, suite, resume: true).RunAsync(new RunPorts(answering, new NoLifecycle(T0), observer), CancellationToken.None);

        Assert.That(first.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(interrupted.Looks.Single().Stop, Is.EqualTo(LookStop.Continue));
        Assert.That(interrupted.Records.Max(r => r.Sample), Is.GreaterThanOrEqualTo(5), "the run was stopped in round 2");
        Assert.That(missing, Is.Not.Empty);
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        var resumed = Journal(dir);
        Assert.That(observer.Starts[0].Round, Is.EqualTo(2));
        Assert.That(observer.Starts[0].Suite.Samples, Is.EqualTo(roundTwo), "the resume continues the round the last look started");
        Assert.That(observer.Starts[0].TotalCalls - observer.Starts[0].AlreadySettled, Is.EqualTo(missing.Count));
        var roundTwoSent = resumed.Records.Skip(interrupted.Records.Length).Where(r => r.Sample < roundTwo).Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample));
        Assert.That(roundTwoSent, Is.EquivalentTo(missing), "exactly the attempts of round 2 the journal did not hold");
        Assert.That(MostFinalsOfOneAttempt(resumed), Is.EqualTo(1), "no attempt paid for twice");
        Assert.That(resumed.Looks[0], Is.EqualTo(interrupted.Looks[0]).Using<LookRecord>((a, b) => a.Index == b.Index && a.NextSamplesPerCase == b.NextSamplesPerCase));
        Assert.That(resumed.Looks[1].Index, Is.EqualTo(2));
        Assert.That(resumed.Looks[1].SamplesPerCase, Is.EqualTo(roundTwo));
        Assert.That(resumed.Looks[^1].Stop, Is.EqualTo(LookStop.Decided));
        Assert.That(resumed.End!.Status, Is.EqualTo(RunStatus.Completed));
    }

    [Test]
    public async Task RunAsync_ResumedAfterTheLastLookStopped_SendsNothingAndWritesTheEnd()
    {
        using var dir = new TempDirectory();
        await Run(dir, Suite()).RunAsync(new RunPorts(Client(candidateBroken: true), new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);
        var client = Client(candidateBroken: true);

        var outcome = await Run(dir, Suite(), resume: true).RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(client.Calls, Is.Empty);
        var journal = Journal(dir);
        Assert.That(journal.Looks, Has.Length.EqualTo(1), "no look is taken again");
        Assert.That(journal.End!.Status, Is.EqualTo(RunStatus.Completed));
    }

    [Test]
    public async Task RunAsync_AdaptiveRunWithAJudge_JudgesEachRoundsNewPairsOnce()
    {
        using var dir = new TempDirectory();
        var suite = Suite() with
        {
            Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
            Gates = Suite().Gates with { Gates = [.. Suite().Gates.Gates, GateSettings.QualityLossDefault] },
        };
        var client = Client();
        var observer = new RecordingObserver();

        var outcome = await Run(dir, suite).RunAsync(new RunPorts(client, new NoLifecycle(T0), observer), CancellationToken.None);

        var journal = Journal(dir);
        var samples = journal.Looks[^1].SamplesPerCase;
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Looks, Has.Length.GreaterThanOrEqualTo(2));
        Assert.That(journal.Looks[0].Gates.Select(g => g.Kind), Does.Contain(GateKind.QualityLoss));
        Assert.That(client.Calls.Count(c => c.ModelId == JudgeModel), Is.EqualTo(2 * 20 * samples), "both orders of every pair, each once");
        Assert.That(MostFinalsOfOneAttempt(journal), Is.EqualTo(1));
        Assert.That(observer.Starts.Where(s => s.Judging is not null).Select(s => (s.Round, s.Judging!.Pairs)),
            Is.EqualTo(journal.Looks.Select(l => ((int?)l.Index, 20 * l.SamplesPerCase))), "a judge phase per round, over every pair so far");
        var calls = client.Calls.ToArray();
        var firstJudge = Array.FindIndex(calls, c => c.ModelId == JudgeModel);
        Assert.That(calls[..firstJudge], Has.Length.EqualTo(200), "round 1's judge phase follows round 1's model calls");
    }

    [Test]
    public void EstimateAtMaxSamples_AdaptiveSuite_IsThePlanAtTheCap()
    {
        using var dir = new TempDirectory();
        var prices = new PriceTable("pricing.yaml", new Dictionary<string, ModelPrice>
        {
            ["model-a"] = new(3, 15, null, null, new DateOnly(2026, 1, 1), "t", true, 2),
            ["model-b"] = new(1, 5, null, null, new DateOnly(2026, 1, 1), "t", true, 2),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
        var run = Run(dir, Suite(maxSamples: 40), prices: prices);

        var first = run.Estimate();
        var atCap = run.EstimateAtMaxSamples()!;

        Assert.That(first.Calls, Is.EqualTo(20 * 5 * 2));
        Assert.That(atCap.Calls, Is.EqualTo(20 * 40 * 2));
        Assert.That(atCap.TotalUsd, Is.EqualTo(first.TotalUsd * 8).Within(1e-9));
        Assert.That(Run(dir, Suite() with { Adaptive = null }).EstimateAtMaxSamples(), Is.Null);
    }

    private sealed class RecordingObserver : IRunObserver
    {
        public List<RunStart> Starts { get; } = [];

        public List<string> Notes { get; } = [];

        public void Note(string message) => Notes.Add(message);

        public Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run)
        {
            Starts.Add(start);
            return run(new RecordingProgress());
        }
    }
}
