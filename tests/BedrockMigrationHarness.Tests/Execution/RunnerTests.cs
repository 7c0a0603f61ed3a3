using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Execution;

[TestFixture]
public sealed class RunnerTests
{
    private static readonly RetrySettings FastRetry = new(4, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    private static async Task<(RunOutcome Outcome, JournalContents Journal, RecordingProgress Progress)> RunAsync(
        ScriptedModelClient client, int cases = 3, int samples = 2, int concurrency = 3, CancellationToken cancellationToken = default, RetrySettings? retry = null,
        Func<ModelCallResult, bool>? acceptable = null)
    {
        using var dir = new TempDirectory();
        var suite = SuiteFactory.Create(cases, samples, concurrency);
        var path = dir.File(JournalWriter.FileName);
        var journal = JournalWriter.Create(path, new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), DateTimeOffset.UnixEpoch, "s.yaml", suite), TimeProvider.System);
        var progress = new RecordingProgress();
        var outcome = await new Runner(client, retry ?? FastRetry, TimeProvider.System, acceptable: acceptable)
            .RunAsync(RunPlan.Create(suite), concurrency, journal, progress, cancellationToken);
        await journal.CompleteAsync(new JournalEnd(DateTimeOffset.UnixEpoch, outcome.Status, outcome.Message));
        return (outcome, JournalReader.Read(path), progress);
    }

    [Test]
    public async Task RunAsync_CaseInference_ReachesTheRequestsAndTheArmsKeysBeatIt()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: t
            baseline: a.model-v1:0
            candidate: { model: b.model-v1:0, inference: { temperature: 0.1 } }
            samples: 2
            inference: { max_tokens: 512, temperature: 0.5, top_p: 0.9 }
            cases:
              - { id: own, prompt: one, inference: { max_tokens: 1024, temperature: 0.7, top_p: null } }
              - { id: suite, prompt: two }
            """);
        var suite = SuiteLoader.Load(dir.SuitePath);
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        using var output = new TempDirectory();
        var path = output.File(JournalWriter.FileName);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var journal = JournalWriter.Create(path, new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), DateTimeOffset.UnixEpoch, "s.yaml", suite), time);

        var outcome = await new Runner(client, FastRetry, time).RunAsync(RunPlan.Create(suite), 2, journal, new RecordingProgress(), CancellationToken.None);
        await journal.CompleteAsync(new JournalEnd(DateTimeOffset.UnixEpoch, outcome.Status, outcome.Message));

        var sent = client.Calls.GroupBy(c => (c.ModelId, c.LastUserText)).ToDictionary(g => g.Key, g => g.Select(c => c.Inference).Distinct().Single());
        Assert.That(sent[("a.model-v1:0", "one")], Is.EqualTo(new InferenceSettings(1024, 0.7, null, suite.Inference.StopSequences)), "the case's keys over the suite's");
        Assert.That(sent[("b.model-v1:0", "one")], Is.EqualTo(new InferenceSettings(1024, 0.1, null, suite.Inference.StopSequences)), "the arm's temperature beats the case's");
        Assert.That(sent[("a.model-v1:0", "two")], Is.EqualTo(suite.Inference));
        Assert.That(sent[("b.model-v1:0", "two")], Is.EqualTo(suite.Inference with { Temperature = 0.1 }));
        Assert.That(client.Calls, Has.Count.EqualTo(8));
        var journaled = JournalReader.Read(path).Header.Suite;
        Assert.That(RunPlan.InferenceFor(journaled, journaled.Cases[0], Arm.Candidate), Is.EqualTo(sent[("b.model-v1:0", "one")]), "the journal rebuilds the same settings");
    }

    [Test]
    public async Task RunAsync_AllAnswer_JournalsEveryPlannedAttemptOnce()
    {
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());

        var (outcome, journal, progress) = await RunAsync(client);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Records, Has.Length.EqualTo(12));
        Assert.That(journal.Records.Select(r => (r.CaseId, r.Arm, r.Sample)).Distinct().Count(), Is.EqualTo(12));
        Assert.That(journal.Records, Has.All.Matches<AttemptRecord>(r => r.Final && r.Try == 1 && r.Text == "ok"));
        Assert.That(progress.Settled, Has.Count.EqualTo(12));
    }

    [Test]
    public async Task RunAsync_RespectsTheConcurrencyBound()
    {
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());

        await RunAsync(client, cases: 10, samples: 3, concurrency: 3);

        Assert.That(client.MaxInFlight, Is.InRange(1, 3));
        Assert.That(client.Calls, Has.Count.EqualTo(60));
    }

    [Test]
    public async Task RunAsync_ThrottledThenAnswered_RecordsEachTryAndKeepsOnlyTheAnswerFinal()
    {
        var client = new ScriptedModelClient((_, n) => n <= 2
            ? ModelCallResult.Failure(CallOutcome.Throttled, 3, 429, "ThrottlingException", "Too many requests")
            : ScriptedModelClient.Ok(latencyMs: 40));

        var (outcome, journal, progress) = await RunAsync(client, cases: 1, samples: 1);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        var baseline = journal.Records.Where(r => r.Arm == Arm.Baseline).OrderBy(r => r.Try).ToArray();
        Assert.That(baseline.Select(r => (r.Try, r.Final, r.Outcome)), Is.EqualTo(new[]
        {
            (1, false, CallOutcome.Throttled), (2, false, CallOutcome.Throttled), (3, true, CallOutcome.Success),
        }));
        Assert.That(baseline[2].ClientLatencyMs, Is.EqualTo(40), "the answer's latency is its own try's, not the retries'");
        Assert.That(progress.Retries, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task RunAsync_AnswerRefusedByTheAcceptanceCheck_IsAskedAgainAndTheTryJournaledNotFinal()
    {
        var client = new ScriptedModelClient((_, n) => ScriptedModelClient.Ok(n == 1 ? "malformed" : "usable"));

        var (outcome, journal, progress) = await RunAsync(client, cases: 1, samples: 1, acceptable: r => r.Text == "usable");

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Records.Where(r => r.Arm == Arm.Baseline).OrderBy(r => r.Try).Select(r => (r.Try, r.Final, r.Outcome, r.Text)), Is.EqualTo(new[]
        {
            (1, false, CallOutcome.Success, "malformed"), (2, true, CallOutcome.Success, "usable"),
        }));
        Assert.That(progress.Retries, Has.Count.EqualTo(2), "one per arm");
    }

    [Test]
    public async Task RunAsync_AnswerRefusedOnEveryTry_TheLastTryKeepsItAsFinal()
    {
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok("malformed"));

        var (_, journal, _) = await RunAsync(client, cases: 1, samples: 1, acceptable: _ => false);

        Assert.That(journal.Records, Has.Length.EqualTo(8), "4 tries per arm, the retry budget");
        Assert.That(journal.Records.Where(r => r.Final).Select(r => (r.Try, r.Outcome, r.Text)), Is.All.EqualTo((4, CallOutcome.Success, "malformed")));
    }

    [Test]
    public async Task RunAsync_RetriesExhausted_FinalTryIsTheError()
    {
        var client = new ScriptedModelClient((_, _) => ModelCallResult.Failure(CallOutcome.ServerError, 3, 500, "InternalServerException", "boom"));

        var (outcome, journal, _) = await RunAsync(client, cases: 1, samples: 1);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Records, Has.Length.EqualTo(8), "4 tries per arm");
        Assert.That(journal.Records.Where(r => r.Final).Select(r => (r.Try, r.Outcome)), Is.All.EqualTo((4, CallOutcome.ServerError)));
    }

    [Test]
    public async Task RunAsync_OneAttemptAllowed_SettlesARetryableErrorOnTheFirstTry()
    {
        var client = new ScriptedModelClient((_, _) => ModelCallResult.Failure(CallOutcome.Throttled, 3, 429, "ThrottlingException", "slow down"));

        var (outcome, journal, progress) = await RunAsync(client, cases: 2, samples: 1, retry: FastRetry with { MaxAttempts = 1 });

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(journal.Records.Select(r => (r.Try, r.Final, r.Outcome)), Is.All.EqualTo((1, true, CallOutcome.Throttled)));
        Assert.That(progress.Retries, Is.Empty);
    }

    [Test]
    public async Task RunAsync_NotRetryable_SettlesOnFirstTry()
    {
        var client = new ScriptedModelClient((_, _) => ModelCallResult.Failure(CallOutcome.ValidationError, 3, 400, "ValidationException", "bad"));

        var (_, journal, _) = await RunAsync(client, cases: 1, samples: 1);

        Assert.That(journal.Records.Select(r => (r.Try, r.Final)), Is.All.EqualTo((1, true)));
    }

    [Test]
    public async Task RunAsync_EndOfLifeModel_AbortsWithAClearMessage()
    {
        var client = new ScriptedModelClient((request, _) => request.ModelId.StartsWith("candidate", StringComparison.Ordinal)
            ? ModelCallResult.Failure(CallOutcome.ModelEndOfLife, 3, 400, "ValidationException", "The provided model identifier is invalid.")
            : ScriptedModelClient.Ok());

        var (outcome, journal, _) = await RunAsync(client, cases: 20, samples: 5, concurrency: 1);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Message, Does.Contain("candidate.model-v2:0").And.Contain("The provided model identifier is invalid.").And.Contain("bmh lifecycle"));
        Assert.That(journal.Records, Has.Length.LessThan(200), "the run stopped instead of sending everything");
    }

    [Test]
    public async Task RunAsync_Cancelled_ReturnsInterruptedAndKeepsWhatFinished()
    {
        using var cts = new CancellationTokenSource();
        var answered = 0;
        var client = new ScriptedModelClient((_, _) =>
        {
            if (Interlocked.Increment(ref answered) == 10)
            {
                cts.Cancel();
            }

            return ScriptedModelClient.Ok();
        });

        var (outcome, journal, _) = await RunAsync(client, cases: 50, samples: 2, concurrency: 2, cancellationToken: cts.Token);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(journal.Records, Has.Length.InRange(9, 12));
        Assert.That(journal.End!.Status, Is.EqualTo(RunStatus.Interrupted));
    }

    [Test]
    public async Task RunAsync_SinkFailsOnTheThirdRecord_SendsNoCallAfterIt()
    {
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        var sink = new ThrowingSink(failAt: 3);

        var outcome = await new Runner(client, FastRetry, TimeProvider.System)
            .RunAsync(RunPlan.Create(SuiteFactory.Create(cases: 10)), 1, sink, new RecordingProgress(), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Message, Does.Contain("No space left on device"));
        Assert.That(client.Calls, Has.Count.EqualTo(3), "the call whose record failed was the last one sent");
    }

    [Test]
    public async Task RunAsync_JournalFileFailsMidRun_StopsTheRunInsteadOfPayingForLostAnswers()
    {
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        var stream = new FailingStream(failAt: 6);
        var journal = new JournalWriter(stream, "results.jsonl", TimeProvider.System);

        var outcome = await new Runner(client, FastRetry, TimeProvider.System)
            .RunAsync(RunPlan.Create(SuiteFactory.Create(cases: 50, samples: 4)), 2, journal, new RecordingProgress(), CancellationToken.None);
        await journal.DisposeAsync();

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Message, Does.StartWith("results.jsonl: the journal could not be written (No space left on device)").And.Contain("--resume"));
        Assert.That(client.Calls.Count, Is.LessThan(200), "of 400 planned calls, only those sent before the failure surfaced");
        Assert.That(() => journal.Append(ScriptedRecord()), Throws.TypeOf<AttemptSinkException>());
    }

    private static AttemptRecord ScriptedRecord() => new(
        "case-1", Arm.Baseline, 0, 1, true, "m", DateTimeOffset.UnixEpoch, CallOutcome.Success, 1, null, null, 1, 1, "end_turn", "ok", 200, null, null);

    /// <summary>A sink that keeps records until the <c>failAt</c>-th, which fails like a full disk, as do all after it.</summary>
    private sealed class ThrowingSink(int failAt) : IAttemptSink
    {
        private readonly CancellationTokenSource _failed = new();
        private int _appended;

        public CancellationToken Failed => _failed.Token;

        public AttemptSinkException? Failure { get; private set; }

        public void Append(AttemptRecord attempt)
        {
            if (++_appended >= failAt)
            {
                Failure ??= new AttemptSinkException("results.jsonl: No space left on device");
                _failed.Cancel();
                throw Failure;
            }
        }
    }
}
