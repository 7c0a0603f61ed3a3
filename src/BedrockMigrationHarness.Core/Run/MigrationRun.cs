using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
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

    /// <summary>The plan's cost, computed per case and arm (no call is listed, so any size is instant); of an adaptive run, its first round's.</summary>
    public RunCostEstimate Estimate() => RunCostEstimator.Estimate(Suite, Shard, Pricing);

    /// <summary>
    /// Why the plan's arms cannot go as batch jobs (an arm below the minimum records per job, or a split leaving a job below
    /// it), one sentence per arm; empty when they can, or for an on-demand run.
    /// </summary>
    public IReadOnlyList<string> BatchQuotaProblems() => Suite.Batch is { } batch
        ? [.. Estimate().Arms.Select(a => BatchJobLayout.QuotaProblem(a.Arm, (int)a.Calls, batch)).OfType<string>()]
        : [];

    /// <summary>
    /// An adaptive run's worst case: the plan brought to <see cref="AdaptiveSettings.MaxSamples"/> samples per case, estimated
    /// like <see cref="Estimate"/> (its <c>max_cost</c>, when lower, bounds the spend instead); null for a fixed-size run.
    /// </summary>
    public RunCostEstimate? EstimateAtMaxSamples() =>
        Suite.Adaptive is { } adaptive ? RunCostEstimator.Estimate(Suite with { Samples = adaptive.MaxSamples }, Shard, Pricing) : null;

    /// <summary>
    /// Sends every planned attempt not yet settled in the journal and journals each try; with a judge, once every model
    /// call settled (the phase Completed), the judge's calls on the complete pairs not yet judged. An adaptive run
    /// (<see cref="SuiteDefinition.Adaptive"/>) does so in rounds, each followed by a look journaled before the next round,
    /// until a look stops it; a resumed one goes on with the round its last look started. Returns how the run ended;
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
        JournalHeader header;
        JournalContents? previous = null;
        if (_options.ResumeDirectory is not null)
        {
            // Read again under the lock: what another process appended before it let go counts.
            previous = ReadJournal();
            CheckResumable(previous);
            foreach (var warning in previous.Warnings)
            {
                ports.Observer.Note(warning);
            }

            header = previous.Header;
            journal = JournalWriter.Continue(JournalPath, previous.ValidLength, _time);
        }
        else
        {
            if (File.Exists(JournalPath))
            {
                throw new RunSetupException($"{_options.Display(Directory)} already holds a run. Continue it with --resume {_options.Display(Directory)}, or choose another --out.");
            }

            // The lifecycle goes into the header, so `bmh report` shows it without calling AWS.
            var (baseline, candidates) = await ports.Lifecycle.LookUpAsync(Suite, cancellationToken);
            foreach (var failed in candidates.Prepend(baseline).Where(f => f.Error is not null))
            {
                ports.Observer.Note($"note: the lifecycle of {failed.ModelId} is unknown ({failed.Error}); the run goes on.");
            }

            header = new JournalHeader(JournalReader.FormatVersionFor(Suite), SuiteFingerprint.Of(Suite), _time.GetUtcNow(),
                _options.Display(_options.SuitePath), Suite, Shard, Pricing, baseline, candidates[0])
            {
                OtherCandidateLifecycles = candidates[1..],
            };
            journal = JournalWriter.Create(JournalPath, header, _time);
        }

        await using (journal)
        {
            var settled = previous?.SettledKeys(includeErrors: !_options.RetryErrors) ?? ImmutableHashSet<AttemptKey>.Empty;
            var outcome = Suite.Adaptive is null
                ? await RoundAsync(new Round(Suite, settled, previous?.Records ?? [], null) { Header = header, BatchJobs = previous?.BatchJobs ?? [] },
                    journal, null, ports, cancellationToken)
                : await AdaptiveRoundsAsync(header, previous, settled, journal, ports, cancellationToken);
            if (journal.Failure is null)
            {
                await journal.CompleteAsync(new JournalEnd(_time.GetUtcNow(), outcome.Status, outcome.Message));
            }

            return outcome;
        }
    }

    /// <summary>
    /// The rounds of an adaptive run (docs/statistics.md, "Adaptive sampling"): every case to the round's samples, then a
    /// look, journaled, that stops the run or names the next round's samples. A resumed run continues the round its last
    /// look started; after a look that stopped it, nothing is sent, unless errors are sent again (<c>--retry-errors</c>)
    /// and looked at again.
    /// </summary>
    private async Task<RunOutcome> AdaptiveRoundsAsync(
        JournalHeader header, JournalContents? previous, IReadOnlySet<AttemptKey> settled, JournalWriter journal, RunPorts ports, CancellationToken cancellationToken)
    {
        var looks = previous?.Looks ?? [];
        var records = new RunRecords(header, previous?.Records ?? []);
        var outcome = new RunOutcome(RunStatus.Completed, null);
        int? samples = looks.IsEmpty ? Suite.Samples
            : looks[^1].Stop == LookStop.Continue ? looks[^1].NextSamplesPerCase
            : _options.RetryErrors ? looks[^1].SamplesPerCase
            : null;
        while (samples is { } n)
        {
            var round = new Round(Suite with { Samples = n }, settled, records.Contents(looks).Records, looks.Length + 1) { Header = header };
            if (looks is [.., { Stop: not LookStop.Continue } last] && last.SamplesPerCase == n && round.IsSettled(Shard))
            {
                // Resumed with --retry-errors after the last look stopped, and no error to send again: that look stands.
                break;
            }

            outcome = await RoundAsync(round, journal, records.Add, ports, cancellationToken);
            if (outcome.Status != RunStatus.Completed || journal.Failure is not null)
            {
                break;
            }

            var (look, summary) = AdaptiveAnalyzer.Take(header, records.Contents(looks).EffectiveRecords(), looks, n, _time.GetUtcNow());
            journal.AppendLook(look);
            looks = looks.Add(look);
            var contents = records.Contents(looks);
            ports.Observer.Note(LookNote.Of(summary, header.Suite.Adaptive!));
            samples = look.Stop == LookStop.Continue ? look.NextSamplesPerCase : null;
            settled = contents.SettledKeys(includeErrors: true);
        }

        return outcome;
    }

    /// <summary>One round's calls: the plan of <see cref="Round.Suite"/>'s samples less what is settled.</summary>
    /// <param name="Earlier">The records journaled before the round (the judge's plan reads their answers).</param>
    /// <param name="Index">The round of an adaptive run, 1 for the first; null for a fixed-size run.</param>
    private sealed record Round(SuiteDefinition Suite, IReadOnlySet<AttemptKey> Settled, IEnumerable<AttemptRecord> Earlier, int? Index)
    {
        /// <summary>The run's journal header.</summary>
        public required JournalHeader Header { get; init; }

        /// <summary>The batch jobs the journal holds so far (a batch run is never adaptive, so it has one round).</summary>
        public ImmutableArray<BatchJobRecord> BatchJobs { get; init; } = [];

        public RunPlan Plan(ShardSpec? shard) => RunPlan.Create(Suite).ForShard(shard);

        /// <summary>Every model call of the round is settled already.</summary>
        public bool IsSettled(ShardSpec? shard) => Plan(shard).Without(Settled).Attempts.IsEmpty;
    }

    /// <summary>
    /// Sends the round's planned attempts not yet settled and journals each try (and hands it to <paramref name="keep"/>);
    /// with a judge, once every model call settled (the phase Completed), the judge's calls on the complete pairs not yet judged.
    /// </summary>
    private async Task<RunOutcome> RoundAsync(Round round, JournalWriter journal, Action<AttemptRecord>? keep, RunPorts ports, CancellationToken cancellationToken)
    {
        // The judge's plan keeps the answers it will read: the journal's so far now, the model calls' as they are kept.
        var judging = round.Suite.Judge is null ? null : new JudgePlan(round.Suite, Shard, round.Settled);
        if (judging is not null)
        {
            foreach (var record in round.Earlier)
            {
                judging.Keep(record);
            }
        }

        IAttemptSink kept = keep is null ? journal : new KeepingSink(journal, keep);
        IAttemptSink sink = judging is null ? kept : new KeepingSink(kept, judging.Keep);
        var plan = round.Plan(Shard);
        var arms = RunPlan.ArmsOf(round.Suite).Length;
        var remaining = plan.Without(round.Settled);
        var start = new RunStart(round.Suite, Shard, plan.Attempts.Length / Math.Max(1, round.Suite.Samples * arms), arms,
            plan.Attempts.Length, plan.Attempts.Length - remaining.Attempts.Length, JournalPath)
        {
            Round = round.Index,
        };
        var runner = new Runner(ports.Client, round.Suite.Retry, _time, _jitter);
        var outcome = await ports.Observer.ObserveAsync(start, progress => round.Suite.Batch is null
            ? runner.RunAsync(remaining, round.Suite.Concurrency, sink, progress, cancellationToken)
            : new BatchCalls(ports.Batch ?? throw new InvalidOperationException("a batch run needs RunPorts.Batch"), round.Header, round.Suite, journal, sink,
                    round.Settled, ports.Observer, _time, $"--resume {_options.Display(Directory)}")
                .RunAsync(plan, round.BatchJobs, left => runner.RunAsync(left, round.Suite.Concurrency, sink, progress, cancellationToken), progress, cancellationToken));
        if (judging is not null && outcome.Status == RunStatus.Completed)
        {
            outcome = await JudgeAsync(judging.Create(), round.Index, ports, kept, cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// The judge phase, once every model call settled: the judge's calls through a runner of their own, which asks again
    /// (within the suite's retries) when a verdict is malformed.
    /// </summary>
    private async Task<RunOutcome> JudgeAsync(JudgeCalls calls, int? round, RunPorts ports, IAttemptSink journal, CancellationToken cancellationToken)
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
            Round = round,
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
