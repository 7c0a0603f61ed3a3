using BedrockMigrationHarness.Batch;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>A job's status at one moment.</summary>
/// <param name="Processed">Records processed so far (InProgress and after); null before processing starts.</param>
/// <param name="LastModified">When the job last changed status.</param>
/// <param name="EndTime">When the job ended; null while it runs.</param>
/// <param name="Message">Why the job failed, expired or did not finish.</param>
/// <param name="NextChange">When the status changes next by itself; null once it is final (or waits on processing).</param>
internal sealed record BatchProgress(BatchJobState State, long? Processed, DateTimeOffset LastModified, DateTimeOffset? EndTime, string? Message, DateTimeOffset? NextChange)
{
    /// <summary>The job has ended and its output (if any) must be in place.</summary>
    public bool Ended => EndTime is not null;

    /// <summary>The job ended having processed records, so it has an output file and a manifest.</summary>
    public bool HasOutput => Ended && Processed > 0;
}

/// <summary>
/// Derives a job's status from its persisted facts and the clock: Submitted, Validating (until processing has read
/// the input), Scheduled, InProgress at <see cref="BatchBehaviour.RecordsPerSecond"/>, then Completed, or
/// PartiallyCompleted when the timeout came first; Failed after validation; Expired when it could not start within
/// the timeout; Stopping then Stopped after StopModelInvocationJob. Pure: the same facts and time, the same status.
/// </summary>
internal static class BatchTimeline
{
    public static BatchProgress At(BatchJob job, BatchBehaviour behaviour, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(behaviour);
        if (job.StopTime is not { } stop)
        {
            return Natural(job, behaviour, now);
        }

        var atStop = Natural(job, behaviour, stop);
        if (atStop.Ended)
        {
            return Natural(job, behaviour, now);
        }

        var processed = atStop.State == BatchJobState.InProgress ? atStop.Processed : null;
        var stoppedAt = stop + Seconds(behaviour.StoppingSeconds);
        return now < stoppedAt
            ? new BatchProgress(BatchJobState.Stopping, processed, stop, null, null, stoppedAt)
            : new BatchProgress(BatchJobState.Stopped, processed ?? 0, stoppedAt, stoppedAt, "The job was stopped (StopModelInvocationJob).", null);
    }

    private static BatchProgress Natural(BatchJob job, BatchBehaviour behaviour, DateTimeOffset now)
    {
        var submitted = job.SubmitTime;
        var validating = submitted + Seconds(behaviour.SubmittedSeconds);
        var scheduled = validating + Seconds(behaviour.ValidatingSeconds);
        var expires = submitted + TimeSpan.FromHours(job.TimeoutHours);
        if (now < validating)
        {
            return new BatchProgress(BatchJobState.Submitted, null, submitted, null, null, validating);
        }

        if (now < scheduled || job.Staged is not { } staged)
        {
            return new BatchProgress(BatchJobState.Validating, null, validating, null, null, now < scheduled ? scheduled : null);
        }

        if (staged.Failure is { } failure)
        {
            return new BatchProgress(BatchJobState.Failed, null, scheduled, scheduled, failure, null);
        }

        var running = scheduled + Seconds(behaviour.ScheduledSeconds);
        if (running >= expires)
        {
            return now < expires
                ? new BatchProgress(BatchJobState.Scheduled, null, scheduled, null, null, expires)
                : new BatchProgress(BatchJobState.Expired, null, expires, expires, $"The job did not start within its timeout of {job.TimeoutHours} hours.", null);
        }

        if (now < running)
        {
            return new BatchProgress(BatchJobState.Scheduled, null, scheduled, null, null, running);
        }

        var done = running + Seconds(staged.TotalRecords / behaviour.RecordsPerSecond);
        var cutoff = done <= expires ? done : expires;
        if (now < cutoff)
        {
            return new BatchProgress(BatchJobState.InProgress, ProcessedBy(now), running, null, null, cutoff);
        }

        return done <= expires
            ? new BatchProgress(BatchJobState.Completed, staged.TotalRecords, done, done, null, null)
            : new BatchProgress(BatchJobState.PartiallyCompleted, ProcessedBy(expires), expires, expires, $"Not all records could be processed within the timeout of {job.TimeoutHours} hours.", null);

        long ProcessedBy(DateTimeOffset time) =>
            Math.Min(staged.TotalRecords, (long)Math.Floor((time - running).TotalSeconds * behaviour.RecordsPerSecond));
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 4));
}
