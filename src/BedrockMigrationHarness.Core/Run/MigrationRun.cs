using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// One A/B run, frozen by <see cref="MigrationRunBuilder"/>: the suite with its overrides, the price table, the shard
/// and the run directory. <see cref="RunAsync"/> owns everything between the options and the journal: the directory
/// lock, resume, the lifecycle lookup, the journal's lifetime and the runner: the model calls, then (with a
/// <c>judge:</c>) the judge phase on the answers. Used alike by a new run, <c>--resume</c> and <c>--shard</c>.
/// </summary>
public sealed class MigrationRun
{
    private readonly MigrationRunOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double>? _jitter;

    internal MigrationRun(
        SuiteDefinition suite, PriceTable? pricing, ShardSpec? shard, string directory, MigrationRunOptions options, TimeProvider time, Func<double>? jitter)
    {
        Suite = suite;
        Pricing = pricing;
        Shard = shard;
        Directory = directory;
        _options = options;
        _time = time;
        _jitter = jitter;
    }

    /// <summary>The suite as run: the file's, with --samples, --concurrency and --region applied.</summary>
    public SuiteDefinition Suite { get; }

    public PriceTable? Pricing { get; }

    public ShardSpec? Shard { get; }

    /// <summary>The run directory: journal, lock and reports.</summary>
    public string Directory { get; }

    public string JournalPath => Path.Combine(Directory, JournalWriter.FileName);

    /// <summary>The plan's cost, computed per case and arm (no call is listed, so any size is instant).</summary>
    public RunCostEstimate Estimate() => RunCostEstimator.Estimate(Suite, Shard, Pricing);

    /// <summary>
    /// Sends every planned attempt not yet settled in the journal and journals each try; with a judge, once every model
    /// call settled (the phase Completed), the judge's calls on the complete pairs not yet judged. Returns how the run ended;
    /// the journal holds what finished, whatever happened. Takes the directory's lock first: a second process on the
    /// same directory is refused.
    /// </summary>
    /// <exception cref="RunSetupException">Another process holds the directory, or its journal no longer fits this run.</exception>
    /// <exception cref="AttemptSinkException">The directory or the journal cannot be created or opened.</exception>
    public async Task<RunOutcome> RunAsync(RunPorts ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttemptSinkException($"{_options.Display(Directory)}: the run directory cannot be created: {e.Message}", e);
        }

        using var directoryLock = RunDirectoryLock.Acquire(Directory, _time, _options.Display);
        JournalWriter journal;
        var settled = ImmutableHashSet<AttemptKey>.Empty;
        var previousRecords = ImmutableArray<AttemptRecord>.Empty;
        if (_options.ResumeDirectory is not null)
        {
            // Read again under the lock: what another process appended before it let go counts.
            var previous = ReadJournal();
            CheckResumable(previous);
            foreach (var warning in previous.Warnings)
            {
                ports.Observer.Note(warning);
            }

            settled = previous.SettledKeys(includeErrors: !_options.RetryErrors);
            previousRecords = previous.Records;
            journal = JournalWriter.Continue(JournalPath, previous.ValidLength, _time);
        }
        else
        {
            if (File.Exists(JournalPath))
            {
                throw new RunSetupException($"{_options.Display(Directory)} already holds a run. Continue it with --resume {_options.Display(Directory)}, or choose another --out.");
            }

            // The lifecycle goes into the header, so `bmh report` shows it without calling AWS.
            var (baseline, candidate) = await ports.Lifecycle.LookUpAsync(Suite, cancellationToken);
            foreach (var failed in new[] { baseline, candidate }.Where(f => f.Error is not null))
            {
                ports.Observer.Note($"note: the lifecycle of {failed.ModelId} is unknown ({failed.Error}); the run goes on.");
            }

            var header = new JournalHeader(JournalReader.FormatVersion, SuiteFingerprint.Of(Suite), _time.GetUtcNow(),
                _options.Display(_options.SuitePath), Suite, Shard, Pricing, baseline, candidate);
            journal = JournalWriter.Create(JournalPath, header, _time);
        }

        await using (journal)
        {
            // The judge's plan keeps the answers it will read: the resumed journal's now, the model calls' as they are kept.
            var judging = Suite.Judge is null ? null : new JudgePlan(Suite, Shard, settled);
            if (judging is not null)
            {
                foreach (var record in previousRecords)
                {
                    judging.Keep(record);
                }
            }

            previousRecords = [];
            IAttemptSink sink = judging is null ? journal : new KeepingSink(journal, judging.Keep);
            var plan = RunPlan.Create(Suite).ForShard(Shard);
            var arms = RunPlan.ArmsOf(Suite).Length;
            var start = new RunStart(Suite, Shard, plan.Attempts.Length / Math.Max(1, Suite.Samples * arms), arms,
                plan.Attempts.Length, settled.Count(k => !k.Arm.IsJudge()), JournalPath);
            var runner = new Runner(ports.Client, Suite.Retry, _time, _jitter);
            var remaining = plan.Without(settled);
            var outcome = await ports.Observer.ObserveAsync(start,
                progress => runner.RunAsync(remaining, Suite.Concurrency, sink, progress, cancellationToken));
            if (judging is not null && outcome.Status == RunStatus.Completed)
            {
                outcome = await JudgeAsync(judging.Create(), ports, journal, cancellationToken);
            }

            if (journal.Failure is null)
            {
                await journal.CompleteAsync(new JournalEnd(_time.GetUtcNow(), outcome.Status, outcome.Message));
            }

            return outcome;
        }
    }

    /// <summary>
    /// The judge phase, once every model call settled: the judge's calls through a runner of their own, which asks again
    /// (within the suite's retries) when a verdict is malformed.
    /// </summary>
    private async Task<RunOutcome> JudgeAsync(JudgeCalls calls, RunPorts ports, IAttemptSink journal, CancellationToken cancellationToken)
    {
        var judge = Suite.Judge!;
        if (calls.Pairs == 0)
        {
            ports.Observer.Note($"note: the judge ({judge.ModelId}) has nothing to judge: no case it applies to has answers to compare.");
            return new RunOutcome(RunStatus.Completed, null);
        }

        var start = new RunStart(Suite, Shard, calls.Cases, 2, calls.Total, calls.AlreadySettled, JournalPath)
        {
            Judging = new JudgingStart(judge.ModelId, calls.Pairs),
        };
        var runner = new Runner(ports.Client, Suite.Retry, _time, _jitter,
            acceptable: static answer => JudgeVerdictReader.Read(answer.Text, answer.ToolCalls, out _) is not null);
        return await ports.Observer.ObserveAsync(start,
            progress => runner.RunAsync(calls.Remaining, Suite.Concurrency, journal, progress, cancellationToken));
    }

    /// <summary>The journal of the run directory.</summary>
    /// <exception cref="RunSetupException">It is missing or cannot be read.</exception>
    internal JournalContents ReadJournal() => ReadJournal(JournalPath);

    /// <summary>The journal at <paramref name="journalPath"/>.</summary>
    /// <exception cref="RunSetupException">It is missing or cannot be read.</exception>
    internal static JournalContents ReadJournal(string journalPath)
    {
        try
        {
            return JournalReader.Read(journalPath);
        }
        catch (JournalFormatException ex)
        {
            throw new RunSetupException(ex.Message);
        }
    }

    /// <summary>Whether <paramref name="previous"/> can be continued by this run: the same plan and the same shard.</summary>
    /// <exception cref="RunSetupException">It cannot; the message says what to do.</exception>
    internal void CheckResumable(JournalContents previous)
    {
        var fingerprint = SuiteFingerprint.Of(Suite);
        var path = _options.Display(JournalPath);
        if (previous.Header.Fingerprint != fingerprint && SuiteFingerprint.ChangedFile(previous.Header.Suite, Suite) is { } changed)
        {
            throw new RunSetupException($"{path}: {changed}");
        }

        if (previous.Header.Fingerprint != fingerprint)
        {
            throw new RunSetupException(
                $"{path}: this journal was written for a different suite or plan " +
                $"(suite '{previous.Header.Suite.Name}', fingerprint {previous.Header.Fingerprint[..Math.Min(12, previous.Header.Fingerprint.Length)]}; now {fingerprint[..12]}). " +
                "Resume with the same suite file, --samples and --region (--concurrency, timeouts and retries may change), or start a new run with another --out.");
        }

        if (previous.Header.Shard != Shard)
        {
            throw new RunSetupException(
                $"{path}: this journal holds {Describe(previous.Header.Shard)}, not {Describe(Shard)}. " +
                (previous.Header.Shard is { } given ? $"Resume it with --shard {given}." : "Resume it without --shard."));
        }
    }

    private static string Describe(ShardSpec? shard) => shard is null ? "the whole plan" : $"shard {shard}";
}
