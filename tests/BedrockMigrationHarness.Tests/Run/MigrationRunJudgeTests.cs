using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

/// <summary>The judge phase of a run: what it sends, when, and what resume, retries and shards make of it.</summary>
[TestFixture]
public sealed class MigrationRunJudgeTests
{
    private const string JudgeModel = "judge.model-v1:0";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>2 cases × 2 samples by default, judged pairwise; retries without delay.</summary>
    private static SuiteDefinition Suite(int cases = 2, int samples = 2, int concurrency = 2, int maxAttempts = 3) =>
        SuiteFactory.Create(cases, samples, concurrency) with
        {
            Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
            Retry = new RetrySettings(maxAttempts, TimeSpan.Zero, TimeSpan.Zero),
        };

    /// <summary>A run of <paramref name="suite"/> into <c>out</c> (or continuing it), built as the builder would freeze it.</summary>
    private static MigrationRun Run(TempDirectory dir, SuiteDefinition suite, bool resume = false, bool retryErrors = false, ShardSpec? shard = null, string name = "out")
    {
        var directory = dir.File(name);
        var options = new MigrationRunOptions(dir.File("suite.yaml"), dir.Path, resume ? null : directory, resume ? directory : null,
            RetryErrors: retryErrors, Shard: shard?.ToString());
        return new MigrationRun(suite, null, shard, directory, options, new FakeTimeProvider(T0), () => 0);
    }

    /// <summary>A model's answer names the model and the prompt, so a judge request shows whose answer it holds.</summary>
    private static ModelCallResult Answer(ModelRequest request) => ScriptedModelClient.Ok($"{request.ModelId} answers {request.LastUserText}");

    private static ModelCallResult Verdict(JudgePick pick) => ScriptedModelClient.Ok(string.Empty) with
    {
        ToolCalls = [new ToolCall("tu-1", JudgePrompt.ToolName, JudgeVerdictReader.InputJson(new JudgeVerdict(pick, 0.9, "It answers the question.")))],
    };

    private static Func<ModelRequest, int, ModelCallResult> Models(Func<ModelRequest, int, ModelCallResult> judge) =>
        (request, n) => request.ModelId == JudgeModel ? judge(request, n) : Answer(request);

    private static JournalContents Journal(TempDirectory dir, string name = "out") => JournalReader.Read(dir.File($"{name}/results.jsonl"));

    private static AttemptRecord[] JudgeFinals(JournalContents journal) => [.. journal.Records.Where(r => r.Arm.IsJudge() && r.Final)];

    [Test]
    public async Task RunAsync_SuiteWithJudge_JournalsBothOrdersOfEveryCompletePairWithTheAnswersInPlace()
    {
        using var dir = new TempDirectory();
        // case-1's baseline cannot answer: its pairs are incomplete and are not judged.
        var client = new ScriptedModelClient((request, n) => request.ModelId == JudgeModel ? Verdict(JudgePick.Second)
            : request.ModelId == SuiteFactory.Create().BaselineModelId && request.LastUserText == "Prompt 1"
                ? ModelCallResult.Failure(CallOutcome.ValidationError, 3, 400, "ValidationException", "bad request")
                : Answer(request));
        var observer = new RecordingObserver();

        var outcome = await Run(dir, Suite()).RunAsync(new RunPorts(client, new NoLifecycle(T0), observer), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        var journal = Journal(dir);
        var judged = JudgeFinals(journal);
        Assert.That(judged.Select(r => (r.CaseId, r.Arm, r.Sample)), Is.EquivalentTo(new[]
        {
            ("case-2", Arm.JudgeCandidateSecond, 0), ("case-2", Arm.JudgeCandidateFirst, 0),
            ("case-2", Arm.JudgeCandidateSecond, 1), ("case-2", Arm.JudgeCandidateFirst, 1),
        }));
        Assert.That(judged, Has.All.Matches<AttemptRecord>(r => r.ModelId == JudgeModel && r.Try == 1 && JudgeVerdictReader.Read(r) is not null));
        var requests = client.Calls.Where(c => c.ModelId == JudgeModel).ToArray();
        Assert.That(requests, Has.Length.EqualTo(4));
        foreach (var request in requests)
        {
            Assert.That(JudgePrompt.TryReadAnswers(request.LastUserText, out var a, out var b), Is.True);
            Assert.That(new[] { a, b }, Is.EquivalentTo(new[] { "baseline.model-v1:0 answers Prompt 2", "candidate.model-v2:0 answers Prompt 2" }));
            Assert.That(request.Tools!.Choice!.ToolName, Is.EqualTo(JudgePrompt.ToolName));
        }

        // Which order put which answer first: the judge's request of each key, matched by its answers.
        Assert.That(requests.Count(r => r.LastUserText.Contains("<answer_a>\nbaseline.model-v1:0", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(journal.End!.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(observer.Starts.Select(s => s.Judging), Is.EqualTo(new JudgingStart?[] { null, new(JudgeModel, 2) }));
        Assert.That(observer.Starts[1].TotalCalls, Is.EqualTo(4));
        var calls = client.Calls.ToArray();
        Assert.That(Array.FindLastIndex(calls, c => c.ModelId != JudgeModel), Is.LessThan(Array.FindIndex(calls, c => c.ModelId == JudgeModel)),
            "the judge phase starts after every model call settled");
    }

    [Test]
    public async Task RunAsync_MalformedVerdict_IsAskedAgainAndTheLastTryIsFinal()
    {
        using var dir = new TempDirectory();
        // One sample: every judge prompt is sent once, so its n-th call is its n-th try.
        var client = new ScriptedModelClient(Models((_, n) => n == 1 ? ScriptedModelClient.Ok("I think B.") : Verdict(JudgePick.First)));

        await Run(dir, Suite(cases: 2, samples: 1)).RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);

        var judge = Journal(dir).Records.Where(r => r.Arm.IsJudge()).ToArray();
        Assert.That(judge, Has.Length.EqualTo(8), "2 pairs × 2 orders × 2 tries");
        Assert.That(judge.Where(r => !r.Final), Has.All.Matches<AttemptRecord>(r => r.Try == 1 && r.Text == "I think B." && JudgeVerdictReader.Read(r) is null));
        Assert.That(judge.Where(r => r.Final), Has.All.Matches<AttemptRecord>(r => r.Try == 2 && JudgeVerdictReader.Read(r)!.Pick == JudgePick.First));
    }

    [Test]
    public async Task RunAsync_VerdictMalformedOnEveryTry_KeepsTheLastMalformedAnswerFinal()
    {
        using var dir = new TempDirectory();
        var client = new ScriptedModelClient(Models((_, _) => ScriptedModelClient.Ok("no tool call")));

        var outcome = await Run(dir, Suite(cases: 1, samples: 1, maxAttempts: 2))
            .RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        var finals = JudgeFinals(Journal(dir));
        Assert.That(finals, Has.Length.EqualTo(2));
        Assert.That(finals, Has.All.Matches<AttemptRecord>(r => r.Try == 2 && r.Outcome == CallOutcome.Success && JudgeVerdictReader.Read(r) is null),
            "the analysis counts it as judge failed");
        Assert.That(client.Calls.Count(c => c.ModelId != JudgeModel), Is.EqualTo(2), "model answers are accepted as they are");
    }

    [Test]
    public async Task RunAsync_ResumeAfterTheJudgePhaseWasStopped_SendsOnlyTheMissingJudgeCalls()
    {
        using var dir = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var judgeCalls = 0;
        var stopping = new ScriptedModelClient(Models((_, _) =>
        {
            if (Interlocked.Increment(ref judgeCalls) == 3)
            {
                stop.Cancel();
            }

            return Verdict(JudgePick.Second);
        }));
        var suite = Suite(concurrency: 1);
        var first = await Run(dir, suite).RunAsync(new RunPorts(stopping, new NoLifecycle(T0), new RecordingObserver()), stop.Token);
        var judgedBefore = JudgeFinals(Journal(dir)).Length;
        var answering = new ScriptedModelClient(Models((_, _) => Verdict(JudgePick.Second)));
        var observer = new RecordingObserver();

        var outcome = await Run(dir, suite, resume: true).RunAsync(new RunPorts(answering, new NoLifecycle(T0), observer), CancellationToken.None);

        Assert.That(first.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(judgedBefore, Is.EqualTo(3), "concurrency 1: the call that stopped the run was kept, none after it");
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(answering.Calls.Select(c => c.ModelId), Is.EqualTo(Enumerable.Repeat(JudgeModel, 5)), "no model call, 8 − 3 judge calls");
        var finals = JudgeFinals(Journal(dir));
        Assert.That(finals.Select(r => (r.CaseId, r.Arm, r.Sample)).Distinct().Count(), Is.EqualTo(8).And.EqualTo(finals.Length), "no judge call paid twice");
        Assert.That(observer.Starts.Select(s => (s.TotalCalls, s.AlreadySettled)), Is.EqualTo(new[] { (8, 8), (8, 3) }));
        Assert.That(answering.Calls.All(c => JudgePrompt.TryReadAnswers(c.LastUserText, out var a, out var b)
            && a.Contains(" answers Prompt ", StringComparison.Ordinal) && b.Contains(" answers Prompt ", StringComparison.Ordinal)), Is.True,
            "the answers come from the resumed journal");
    }

    [Test]
    public async Task RunAsync_ModelCallsStopped_SendsNoJudgeCall()
    {
        using var dir = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var client = new ScriptedModelClient((request, _) =>
        {
            stop.Cancel();
            return Answer(request);
        });

        var outcome = await Run(dir, Suite(concurrency: 1)).RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), stop.Token);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(client.Calls.Where(c => c.ModelId == JudgeModel), Is.Empty);
        Assert.That(Journal(dir).End!.Status, Is.EqualTo(RunStatus.Interrupted));
    }

    [Test]
    public async Task RunAsync_JudgeModelEndOfLife_AbortsNamingTheJudgeAndEndsTheJournalOnce()
    {
        using var dir = new TempDirectory();
        var client = new ScriptedModelClient(Models((_, _) => ModelCallResult.Failure(CallOutcome.ModelEndOfLife, 3, 400, "ValidationException",
            "The provided model identifier is invalid.")));

        var outcome = await Run(dir, Suite(concurrency: 1)).RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Message, Does.StartWith($"the judge model {JudgeModel}: The provided model identifier is invalid."));
        Assert.That(client.Calls.Count(c => c.ModelId == JudgeModel), Is.EqualTo(1), "no judge call after the fatal one");
        Assert.That(File.ReadLines(dir.File("out/results.jsonl")).Count(l => l.StartsWith("{\"end\"", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(Journal(dir).End!.Status, Is.EqualTo(RunStatus.Aborted));
    }

    [Test]
    public async Task RunAsync_ResumeWithRetryErrors_SendsTheJudgeCallsThatEndedInAnErrorAgain()
    {
        using var dir = new TempDirectory();
        var suite = Suite(cases: 1, samples: 2, maxAttempts: 1);
        var failing = new ScriptedModelClient(Models((_, n) => n == 1
            ? ModelCallResult.Failure(CallOutcome.ServerError, 3, 500, "InternalServerException", "boom")
            : Verdict(JudgePick.Tie)));
        await Run(dir, suite).RunAsync(new RunPorts(failing, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);
        var errorsBefore = JudgeFinals(Journal(dir)).Count(r => r.Outcome != CallOutcome.Success);
        var answering = new ScriptedModelClient(Models((_, _) => Verdict(JudgePick.Tie)));

        await Run(dir, suite, resume: true, retryErrors: true).RunAsync(new RunPorts(answering, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);

        Assert.That(errorsBefore, Is.EqualTo(2), "each of the 2 distinct judge prompts failed on its first call");
        Assert.That(answering.Calls.Select(c => c.ModelId), Is.EqualTo(Enumerable.Repeat(JudgeModel, 2)));
        var effective = Journal(dir).EffectiveRecords().Where(r => r.Arm.IsJudge() && r.Final).ToArray();
        Assert.That(effective, Has.Length.EqualTo(4).And.All.Matches<AttemptRecord>(r => r.Outcome == CallOutcome.Success));
    }

    [Test]
    public async Task RunAsync_TwoShardsWithAJudge_EachJudgesItsOwnCasesAndTheyMerge()
    {
        using var dir = new TempDirectory();
        var suite = Suite(cases: 4, samples: 1);
        var client = new ScriptedModelClient(Models((_, _) => Verdict(JudgePick.Second)));
        var shards = new[] { new ShardSpec(1, 2), new ShardSpec(2, 2) };
        foreach (var shard in shards)
        {
            await Run(dir, suite, shard: shard, name: $"shard-{shard.Index}")
                .RunAsync(new RunPorts(client, new NoLifecycle(T0), new RecordingObserver()), CancellationToken.None);
        }

        var merged = JournalMerger.Merge([.. shards.Select(s => new ShardJournal($"shard-{s.Index}", Journal(dir, $"shard-{s.Index}")))]);

        foreach (var shard in shards)
        {
            Assert.That(JudgeFinals(Journal(dir, $"shard-{shard.Index}")), Has.All.Matches<AttemptRecord>(r => shard.Contains(r.CaseId)));
        }

        Assert.That(merged.End.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(merged.Records.Where(r => r.Arm.IsJudge()).Select(r => (r.CaseId, r.Arm)), Is.EquivalentTo(
            suite.Cases.SelectMany(c => new[] { (c.Id, Arm.JudgeCandidateSecond), (c.Id, Arm.JudgeCandidateFirst) })));
    }

    [Test]
    public async Task RunAsync_NoCompletePair_NotesItAndSendsNoJudgeCall()
    {
        using var dir = new TempDirectory();
        var client = new ScriptedModelClient((request, _) => request.ModelId == SuiteFactory.Create().CandidateModelId
            ? ModelCallResult.Failure(CallOutcome.ValidationError, 3, 400, "ValidationException", "bad request")
            : Answer(request));
        var observer = new RecordingObserver();

        var outcome = await Run(dir, Suite()).RunAsync(new RunPorts(client, new NoLifecycle(T0), observer), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(client.Calls.Where(c => c.ModelId == JudgeModel), Is.Empty);
        Assert.That(observer.Notes, Has.One.Contains($"the judge ({JudgeModel}) has nothing to judge"));
        Assert.That(observer.Starts, Has.Count.EqualTo(1));
    }

    /// <summary>Keeps the phases' starts and the notes; reports progress nowhere.</summary>
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
