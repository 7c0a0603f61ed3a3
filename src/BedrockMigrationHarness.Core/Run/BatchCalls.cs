using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// The model calls of a batch run (docs/batch.md): first the jobs a resumed journal left running (re-attached by ARN, or
/// created again with their token when the ARN never came back), then one job per arm (several when the arm has more
/// records than a job may hold) for the planned attempts not yet settled. Each job is journaled before it is created, again
/// with its ARN, and again with its end once every output record is journaled as a final attempt (try 1, no latency,
/// started at the job's submit time). Jobs are polled with backoff up to the suite's <c>poll_seconds</c>, a progress note per
/// poll. Records a job did not answer stay unsettled: the run ends <see cref="RunStatus.Aborted"/> saying so, and
/// <c>--resume</c> sends them in a new job, or on demand when they are fewer than a job's minimum.
/// </summary>
internal sealed class BatchCalls
{
    /// <summary>Tries of a create, upload or poll that fails with a retryable error before the run gives up.</summary>
    private const int MaxTries = 6;

    /// <summary>At most this many unusable output lines are named one by one; the rest are counted.</summary>
    private const int MaxRecordNotes = 10;

    private readonly IBatchInference _port;
    private readonly JournalHeader _header;
    private readonly SuiteDefinition _suite;
    private readonly BatchSettings _batch;
    private readonly JournalWriter _journal;
    private readonly IAttemptSink _sink;
    private readonly IRunObserver _observer;
    private readonly TimeProvider _time;
    private readonly string _resumeHint;
    private readonly Dictionary<string, int> _caseIndex;
    private readonly HashSet<AttemptKey> _settled;

    /// <param name="suite">The suite as run (the header's, with this run's poll interval).</param>
    /// <param name="journal">Where job lines go.</param>
    /// <param name="sink">Where attempts go (the journal, or a sink that also keeps them for the judge).</param>
    /// <param name="settled">The planned attempts already settled.</param>
    /// <param name="resumeHint">How to continue the run, e.g. <c>--resume reports/x</c>, for messages.</param>
    public BatchCalls(
        IBatchInference port, JournalHeader header, SuiteDefinition suite, JournalWriter journal, IAttemptSink sink,
        IReadOnlySet<AttemptKey> settled, IRunObserver observer, TimeProvider time, string resumeHint)
    {
        _port = port;
        _header = header;
        _suite = suite;
        _batch = suite.Batch ?? throw new ArgumentException("the suite has no batch settings", nameof(suite));
        _journal = journal;
        _sink = sink;
        _observer = observer;
        _time = time;
        _resumeHint = resumeHint;
        _caseIndex = suite.Cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _settled = [.. settled];
    }

    /// <summary>
    /// Finishes the jobs of <paramref name="earlier"/> that have not ended, then sends what of <paramref name="plan"/> is left as
    /// new jobs and finishes them. Leftovers below a job's minimum (after a partial job) go through <paramref name="onDemand"/>.
    /// </summary>
    public async Task<RunOutcome> RunAsync(
        RunPlan plan, ImmutableArray<BatchJobRecord> earlier, Func<RunPlan, Task<RunOutcome>> onDemand, IRunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(onDemand);
        try
        {
            var open = earlier.Where(j => j.End is null).ToList();
            if (open.Count > 0)
            {
                _observer.Note($"Re-attaching to {Num.Count(open.Count, "batch job", "batch jobs")} this run left running (none is created twice).");
                var reattached = await FinishAsync(open, progress, cancellationToken);
                if (reattached is not null)
                {
                    return reattached;
                }
            }

            var remaining = plan.Without(_settled);
            if (remaining.Attempts.IsEmpty)
            {
                return new RunOutcome(RunStatus.Completed, null);
            }

            var byArm = remaining.Attempts.GroupBy(a => a.Key.Arm).ToList();
            var problems = byArm.Select(g => BatchJobLayout.QuotaProblem(g.Key, g.Count(), _batch)).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                if (earlier.IsEmpty)
                {
                    // The builder checks this before a new run starts; a plan that still fails it sends nothing.
                    return new RunOutcome(RunStatus.Aborted, $"Nothing was sent: {string.Join("; ", problems)}. Run without --batch (on demand).");
                }

                _observer.Note($"note: {string.Join("; ", problems)}; the {Num.Count(remaining.Attempts.Length, "record", "records")} left are sent on demand instead (their latency is measured, the run's is not).");
                return await onDemand(remaining);
            }

            var jobs = new List<(BatchJobRecord Job, ImmutableArray<PlannedAttempt> Attempts)>();
            foreach (var arm in byArm)
            {
                var number = earlier.Count(j => j.Arm == arm.Key);
                var attempts = arm.ToImmutableArray();
                var offset = 0;
                foreach (var size in BatchJobLayout.Split(attempts.Length, _batch))
                {
                    var modelId = attempts[offset].Request.ModelId;
                    jobs.Add((BatchJobLayout.Plan(_header, _batch, arm.Key, ++number, modelId, size, _time.GetUtcNow()), attempts.Slice(offset, size)));
                    offset += size;
                }
            }

            var created = new List<BatchJobRecord>();
            foreach (var (job, attempts) in jobs)
            {
                var records = attempts.Select(a => new BatchInputRecord(BatchRecordIds.Of(_caseIndex[a.Key.CaseId], a.Key.Sample), a.Request));
                await CallAsync(() => _port.UploadInputAsync(job.InputUri, job.InvocationType, records, _batch.MaxInputBytes, cancellationToken),
                    $"uploading {job.InputUri}", cancellationToken);
                _journal.AppendBatchJob(job);
                created.Add(await CreateAsync(job, cancellationToken));
            }

            return await FinishAsync(created, progress, cancellationToken) ?? new RunOutcome(RunStatus.Completed, null);
        }
        catch (BatchFailedException ex)
        {
            return new RunOutcome(RunStatus.Aborted, ex.Message);
        }
        catch (AttemptSinkException ex)
        {
            // The journal cannot keep what the jobs answer: stop before more is read and lost.
            return new RunOutcome(RunStatus.Aborted, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new RunOutcome(RunStatus.Interrupted,
                $"The run was stopped while its batch jobs may still run; their ARNs are in the journal. Continue with {_resumeHint}: it re-attaches to them.");
        }
    }

    /// <summary>Creates <paramref name="job"/> (again with the same token: Bedrock returns the same job) and journals its ARN.</summary>
    private async Task<BatchJobRecord> CreateAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        var arn = await CallAsync(() => _port.CreateJobAsync(BatchJobLayout.Request(job, _batch), cancellationToken),
            $"creating the batch job {job.JobName}", cancellationToken);
        var created = job with { JobArn = arn, SubmittedAt = _time.GetUtcNow() };
        _journal.AppendBatchJob(created);
        _observer.Note($"{EnumNames<Arm>.Name(job.Arm)} job {BatchJobLayout.JobId(arn)} created: {Num.Count(job.Records, "record", "records")} ({arn}).");
        return created;
    }

    /// <summary>
    /// Polls <paramref name="jobs"/> until each has ended, journaling its output records and its end as it does. Null when
    /// every record of every job was answered; else the outcome that says what is missing.
    /// </summary>
    private async Task<RunOutcome?> FinishAsync(List<BatchJobRecord> jobs, IRunProgress progress, CancellationToken cancellationToken)
    {
        var pending = new List<BatchJobRecord>();
        foreach (var job in jobs)
        {
            pending.Add(job.JobArn is null ? await CreateAsync(job, cancellationToken) : job);
        }

        var missing = new List<string>();
        var delay = TimeSpan.FromSeconds(Math.Min(5, _batch.PollInterval.TotalSeconds));
        while (pending.Count > 0)
        {
            foreach (var job in pending.ToList())
            {
                var status = await CallAsync(() => _port.GetJobAsync(job.JobArn!, cancellationToken),
                    $"polling the batch job {job.JobArn}", cancellationToken);
                _observer.Note(ProgressLine(job, status));
                if (!status.HasEnded)
                {
                    continue;
                }

                pending.Remove(job);
                var journaled = await JournalOutputAsync(job, status, progress, cancellationToken);
                var manifest = await CallAsync(() => _port.ReadManifestAsync(job.JobArn!, job.OutputUri, cancellationToken),
                    $"reading the manifest of {job.JobArn}", cancellationToken);
                _journal.AppendBatchJob(job with { End = new BatchJobEnd(status.State, status.Message, journaled, manifest, _time.GetUtcNow()) });
                if (journaled < job.Records)
                {
                    missing.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{EnumNames<Arm>.Name(job.Arm)} job {BatchJobLayout.JobId(job.JobArn!)} ended {EnumNames<BatchJobState>.Name(status.State)}{(status.Message is { } m ? $" ({m})" : string.Empty)} with {job.Records - journaled} of its {job.Records} records unanswered"));
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _batch.PollInterval.Ticks));
            }
        }

        return missing.Count == 0 ? null : new RunOutcome(RunStatus.Aborted,
            $"{string.Join("; ", missing)}. Those records are not settled: continue with {_resumeHint} to send them again in a new job.");
    }

    /// <summary>Journals the output records of an ended job as final attempts; returns how many.</summary>
    private async Task<int> JournalOutputAsync(BatchJobRecord job, BatchJobStatus status, IRunProgress progress, CancellationToken cancellationToken)
    {
        var journaled = 0;
        var problems = 0;
        void Problem(string message)
        {
            if (++problems <= MaxRecordNotes)
            {
                _observer.Note($"note: {message}");
            }
        }

        var outputUri = status.OutputUri ?? job.OutputUri;
        await foreach (var output in _port.ReadOutputAsync(job.JobArn!, outputUri, job.InputUri, job.InvocationType, _suite.Invoke?.TextPointer, cancellationToken))
        {
            if (output is not { RecordId: { } id, Result: { } result })
            {
                Problem(output.Problem ?? $"the output of job {job.JobArn} has a record without an id or result; it is skipped.");
                continue;
            }

            if (!BatchRecordIds.TryParse(id, out var caseIndex, out var sample) || caseIndex >= _suite.Cases.Length || sample >= _suite.Samples)
            {
                Problem($"the output of job {job.JobArn} has a record `{id}` that is no attempt of this run; it is skipped.");
                continue;
            }

            var key = new AttemptKey(_suite.Cases[caseIndex].Id, job.Arm, sample);
            if (!_settled.Add(key))
            {
                Problem($"the output of job {job.JobArn} answers record `{id}` (case `{key.CaseId}`, sample {sample}) again, or one already settled; the first answer is kept.");
                continue;
            }

            var record = Runner.Record(key, 1, final: true, job.ModelId, job.SubmittedAt ?? job.PlannedAt, result);
            _sink.Append(record);
            progress.Settled(record);
            journaled++;
        }

        if (problems > MaxRecordNotes)
        {
            _observer.Note(string.Create(CultureInfo.InvariantCulture, $"note: {problems - MaxRecordNotes} more unusable output records of job {job.JobArn} were skipped."));
        }

        return journaled;
    }

    private static string ProgressLine(BatchJobRecord job, BatchJobStatus status)
    {
        var counts = status.ProcessedRecords is { } processed
            ? $", {Num.Int(processed)}/{Num.Int(status.TotalRecords ?? job.Records)} records"
            : string.Empty;
        return $"{EnumNames<Arm>.Name(job.Arm)} job {BatchJobLayout.JobId(job.JobArn!)}: {status.State}{counts}";
    }

    /// <summary>
    /// Calls the port, trying again after a retryable failure (throttling, 5xx, network) with a doubling wait; a failure that
    /// is not retryable, or the last one, ends the run with its message.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (BatchServiceException ex) when (ex.Retryable && attempt < MaxTries)
            {
                _observer.Note($"note: {what} failed ({ex.Message}); trying again in {Num.Int((long)wait.TotalSeconds)} s.");
                await Task.Delay(wait, _time, cancellationToken);
                wait *= 2;
            }
            catch (BatchServiceException ex)
            {
                throw new BatchFailedException($"{what} failed: {ex.Message} The journal keeps every job and record so far; continue with {_resumeHint}.", ex);
            }
        }
    }

    /// <summary>A batch call failed for good; the run ends with the message.</summary>
    private sealed class BatchFailedException(string message, Exception inner) : Exception(message, inner);
}
