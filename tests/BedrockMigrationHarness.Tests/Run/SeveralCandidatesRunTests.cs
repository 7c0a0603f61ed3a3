using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

/// <summary>A suite with several candidates (<c>candidates:</c>) through plan, calls, journal, resume, shards and merge.</summary>
[TestFixture]
public sealed class SeveralCandidatesRunTests
{
    private const string JudgeModel = "judge.model-v1:0";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>3 cases × 2 samples, the baseline and three candidates (the third a prompt variant of the second's model).</summary>
    private static SuiteDefinition Suite(bool noiseFloor = false) => SuiteFactory.Create(3, 2, 2, noiseFloor) with
    {
        OtherCandidates =
        [
            new CandidateSpec("small.model-v1:0", ArmOverrides.None),
            new CandidateSpec("small.model-v1:0", new ArmOverrides(null, null, null, null, " Answer in JSON.")),
        ],
    };

    private static MigrationRun Run(TempDirectory dir, SuiteDefinition suite, bool resume = false, ShardSpec? shard = null, string name = "out")
    {
        var directory = dir.File(name);
        var options = new MigrationRunOptions(dir.File("suite.yaml"), dir.Path, resume ? null : directory, resume ? directory : null, Shard: shard?.ToString());
        return new MigrationRun(suite, null, shard, directory, options, new FakeTimeProvider(T0), () => 0);
    }

    private static RunPorts Ports(IModelClient client) => new(client, new NoLifecycle(T0), new Observer());

    private static ModelCallResult Answer(ModelRequest request) => ScriptedModelClient.Ok($"{request.ModelId}|{request.LastUserText}");

    private static ModelCallResult Verdict() => ScriptedModelClient.Ok(string.Empty) with
    {
        ToolCalls = [new ToolCall("tu-1", JudgePrompt.ToolName, JudgeVerdictReader.InputJson(new JudgeVerdict(JudgePick.Second, 0.9, "It answers.")))],
    };

    private static JournalContents Journal(TempDirectory dir, string name = "out") => JournalReader.Read(dir.File($"{name}/results.jsonl"));

    /// <summary>Every planned key of the whole suite: case × sample × (baseline, each candidate).</summary>
    private static HashSet<AttemptKey> PlannedKeys(SuiteDefinition suite) =>
        [.. RunPlan.Create(suite).Attempts.Select(a => a.Key)];

    [Test]
    public void Plan_ThreeCandidates_SendsEveryArmOncePerSlotAndRotatesWhoGoesFirst()
    {
        var suite = Suite(noiseFloor: true);

        var plan = RunPlan.Create(suite).Attempts;

        Assert.That(plan, Has.Length.EqualTo(3 * 2 * 5));
        var slots = plan.Chunk(5).ToArray();
        Assert.That(slots.Select(s => s.Select(a => (a.Key.Arm, a.Key.Candidate)).ToHashSet().Count), Is.All.EqualTo(5), "each slot holds every arm once");
        Assert.That(slots.Select(s => (s[0].Key.Arm, s[0].Key.Candidate)).Take(5).Distinct().Count(), Is.EqualTo(5), "five slots in a row start with five different arms");
        Assert.That(plan.Where(a => a.Key.Arm == Arm.Candidate).Select(a => (a.Key.Candidate, a.Request.ModelId)).Distinct(),
            Is.EquivalentTo(new[] { (0, "candidate.model-v2:0"), (1, "small.model-v1:0"), (2, "small.model-v1:0") }));
        Assert.That(plan.Where(a => a.Key.Candidate == 2).Select(a => a.Request.Messages[^1].Parts[^1]).OfType<TextPart>().Select(p => p.Text),
            Is.All.EndsWith(" Answer in JSON."), "candidate 2's overrides apply to its requests alone");
        Assert.That(plan.Where(a => a.Key.Candidate == 1).Select(a => a.Request.Messages[^1].Parts[^1]).OfType<TextPart>().Select(p => p.Text),
            Is.All.Not.EndsWith(" Answer in JSON."));
        Assert.That(plan.Where(a => a.Key.Arm is Arm.Baseline or Arm.BaselineRepeat).Select(a => a.Key.Candidate), Is.All.EqualTo(0));
    }

    [Test]
    public void Plan_OneCandidate_IsTheTwoArmPlanAsBefore()
    {
        var suite = SuiteFactory.Create(3, 2);

        var keys = RunPlan.Create(suite).Attempts.Select(a => (a.Key.CaseId, a.Key.Arm, a.Key.Sample, a.Key.Candidate)).ToArray();

        Assert.That(keys.Take(4), Is.EqualTo(new[]
        {
            ("case-1", Arm.Baseline, 0, 0), ("case-1", Arm.Candidate, 0, 0), ("case-2", Arm.Candidate, 0, 0), ("case-2", Arm.Baseline, 0, 0),
        }));
    }

    [Test]
    public async Task RunAsync_ThreeCandidates_JournalsEveryKeyOnceWithEachCandidatesModel()
    {
        using var dir = new TempDirectory();
        var suite = Suite();
        var client = new ScriptedModelClient((request, _) => Answer(request));

        var outcome = await Run(dir, suite).RunAsync(Ports(client), CancellationToken.None);

        var journal = Journal(dir);
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Header.FormatVersion, Is.EqualTo(4));
        Assert.That(journal.Header.OtherCandidateLifecycles.Select(l => l.ModelId), Is.EqualTo(new[] { "small.model-v1:0", "small.model-v1:0" }));
        Assert.That(journal.Records.Select(r => r.Key), Is.EquivalentTo(PlannedKeys(suite)));
        Assert.That(journal.Records.Where(r => r.Arm == Arm.Candidate).Select(r => (r.Candidate, r.ModelId)).Distinct(),
            Is.EquivalentTo(new[] { (0, "candidate.model-v2:0"), (1, "small.model-v1:0"), (2, "small.model-v1:0") }));
        Assert.That(client.Calls, Has.Count.EqualTo(3 * 2 * 4));
    }

    [Test]
    public async Task RunAsync_InterruptedThenResumed_SendsOnlyWhatIsMissingAndJournalsEveryKeyOnce()
    {
        using var dir = new TempDirectory();
        var suite = Suite() with { Concurrency = 1 };
        using var stop = new CancellationTokenSource();
        var first = new ScriptedModelClient((request, _) =>
        {
            if (Interlocked.Increment(ref _calls) == 9)
            {
                stop.Cancel();
            }

            return Answer(request);
        });

        var interrupted = await Run(dir, suite).RunAsync(Ports(first), stop.Token);
        var before = Journal(dir).Records.Where(r => r.Final).Select(r => r.Key).ToHashSet();
        var second = new ScriptedModelClient((request, _) => Answer(request));
        var resumed = await Run(dir, suite, resume: true).RunAsync(Ports(second), CancellationToken.None);

        var journal = Journal(dir);
        Assert.That(interrupted.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(before.Count, Is.InRange(1, 23), "the first run stopped part-way");
        Assert.That(resumed.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Records.Where(r => r.Final).Select(r => r.Key), Is.EquivalentTo(PlannedKeys(suite)), "every key once");
        Assert.That(second.Calls, Has.Count.EqualTo(24 - before.Count), "the resumed run sends only the keys not journaled");
    }

    private int _calls;

    [Test]
    public async Task Shards_ThreeCandidates_MergeIntoEveryKeyOnce()
    {
        using var dir = new TempDirectory();
        var suite = Suite();
        foreach (var index in new[] { 1, 2 })
        {
            var client = new ScriptedModelClient((request, _) => Answer(request));
            await Run(dir, suite, shard: new ShardSpec(index, 2), name: $"s{index}").RunAsync(Ports(client), CancellationToken.None);
        }

        var merged = JournalMerger.Merge([new ShardJournal("s1", Journal(dir, "s1")), new ShardJournal("s2", Journal(dir, "s2"))]);

        Assert.That(merged.Records.Select(r => r.Key), Is.EquivalentTo(PlannedKeys(suite)));
        Assert.That(merged.Header.Suite.CandidateCount, Is.EqualTo(3));
        Assert.That(merged.Header.FormatVersion, Is.EqualTo(4));
    }

    [Test]
    public async Task RunAsync_JudgeWithTwoCandidates_JudgesEachCandidatesAnswerAgainstTheSameBaselineAnswer()
    {
        using var dir = new TempDirectory();
        var suite = SuiteFactory.Create(2, 1) with
        {
            OtherCandidates = [new CandidateSpec("small.model-v1:0", ArmOverrides.None)],
            Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
        };
        var client = new ScriptedModelClient((request, _) => request.ModelId == JudgeModel ? Verdict() : Answer(request));

        await Run(dir, suite).RunAsync(Ports(client), CancellationToken.None);

        var judged = Journal(dir).Records.Where(r => r.Arm.IsJudge() && r.Final).Select(r => (r.CaseId, r.Arm, r.Candidate)).ToArray();
        Assert.That(judged, Is.EquivalentTo(new[] { "case-1", "case-2" }.SelectMany(c => new[] { 0, 1 }.SelectMany(k =>
            new[] { (c, Arm.JudgeCandidateSecond, k), (c, Arm.JudgeCandidateFirst, k) }))));
        var judgeRequests = client.Calls.Where(r => r.ModelId == JudgeModel).Select(r => string.Concat(r.Messages.SelectMany(m => m.Parts).OfType<TextPart>().Select(p => p.Text))).ToArray();
        Assert.That(judgeRequests.Count(t => t.Contains("small.model-v1:0|Prompt 1", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(judgeRequests.Count(t => t.Contains("candidate.model-v2:0|Prompt 1", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(judgeRequests.Where(t => t.Contains("|Prompt 1", StringComparison.Ordinal)), Is.All.Contains("baseline.model-v1:0|Prompt 1"));
    }

    [Test]
    public void Estimate_ThreeCandidates_OneRowPerCandidateAndTheJudgeTimesThree()
    {
        var suite = Suite() with
        {
            Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
        };

        var estimate = RunCostEstimator.Estimate(suite, null, null);

        Assert.That(estimate.Arms.Select(a => (a.Arm, a.Candidate, a.ModelId, a.Calls)), Is.EqualTo(new[]
        {
            (Arm.Baseline, 0, "baseline.model-v1:0", 6L), (Arm.Candidate, 0, "candidate.model-v2:0", 6L),
            (Arm.Candidate, 1, "small.model-v1:0", 6L), (Arm.Candidate, 2, "small.model-v1:0", 6L),
        }));
        Assert.That(estimate.Judge!.Pairs, Is.EqualTo(3 * 2 * 3));
        Assert.That(estimate.Arms[3].InputTokens, Is.GreaterThan(estimate.Arms[2].InputTokens), "candidate 2's suffix is estimated");
    }

    private sealed class Observer : IRunObserver
    {
        public void Note(string message)
        {
        }

        public Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run) => run(new RecordingProgress());
    }
}
