using System.Collections.Concurrent;
using BedrockMigrationHarness.Emulator.Storage;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>
/// Runs the jobs in the background, never inside a request: a loop processes each job not yet processed (the jobs a
/// restarted emulator finds too), and publishes a job's output when the clock says it ended. A request that finds an
/// ended job not yet published publishes it first (<see cref="Observe"/>), so a status of Completed always comes
/// with its output in place. Disposing stops the loop; an unfinished step is redone from scratch next time.
/// </summary>
internal sealed class BatchJobRunner : IAsyncDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly BatchJobStore _store;
    private readonly BatchProcessor _processor;
    private readonly BatchBehaviour _behaviour;
    private readonly TimeProvider _clock;
    private readonly TextWriter? _log;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _publishing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BatchJobRunner(string s3Root, S3Folder folder, EmulatorProfile profile, ModelCatalog catalog, TimeProvider clock, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _store = new BatchJobStore(s3Root);
        _processor = new BatchProcessor(profile, catalog, folder, _store);
        _behaviour = profile.Batch;
        _clock = clock;
        _log = log;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public BatchJobStore Store => _store;

    public BatchBehaviour Behaviour => _behaviour;

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Has the loop look at the jobs now (after a create or a stop).</summary>
    public void Wake() => _wake.Release();

    /// <summary>The job's progress now, its output published first when it has ended with output.</summary>
    public async Task<(BatchJob Job, BatchProgress Progress)> Observe(BatchJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = BatchTimeline.At(job, _behaviour, _clock.GetUtcNow());
        if (progress.Ended && job.Published is null && job.Staged is { Failure: null })
        {
            job = await PublishAsync(job.JobId, progress, cancellationToken);
        }

        return (job, progress);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-step: the step is redone by the next emulator on this root.
        }

        _stop.Dispose();
        _wake.Dispose();
        foreach (var gate in _publishing.Values)
        {
            gate.Dispose();
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            foreach (var found in _store.All.OrderBy(j => j.SubmitTime))
            {
                var job = found;
                try
                {
                    if (job.Staged is null)
                    {
                        var staged = _processor.Stage(job, cancellationToken);
                        job = _store.Update(job.JobId, j => j with { Staged = staged });
                        if (staged.Failure is not null)
                        {
                            _processor.Clean(job.JobId);
                        }
                    }

                    if (job.Published is null && job.Staged is { Failure: null })
                    {
                        var progress = (await Observe(job, cancellationToken)).Progress;
                        if (progress.NextChange is { } change && (next is null || change < next))
                        {
                            next = change;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file the job needs went away, is locked or is in the way: say so, and try again on a later round.
                    _log?.WriteLine($"batch job {job.JobId}: {e.Message}");
                }
                catch (Exception e) when (e is not OperationCanceledException && job.Staged is null)
                {
                    // A bug must not stop every other job: this one fails, saying why.
                    _log?.WriteLine($"batch job {job.JobId}: {e}");
                    _store.Update(job.JobId, j => j with { Staged = new BatchStaging(0, $"The emulator could not process the input: {e.Message}") });
                    _processor.Clean(job.JobId);
                }
            }

            var wait = next is { } due ? due - _clock.GetUtcNow() : LongestWait;
            await _wake.WaitAsync(wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > LongestWait ? LongestWait : wait, cancellationToken);
        }
    }

    private async Task<BatchJob> PublishAsync(string jobId, BatchProgress progress, CancellationToken cancellationToken)
    {
        var gate = _publishing.GetOrAdd(jobId, _ => new SemaphoreSlim(1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var job = _store.Find(jobId)!;
            if (job.Published is not null)
            {
                return job;
            }

            var publication = progress.HasOutput
                ? _processor.Publish(job, progress.Processed!.Value)
                : new BatchPublication(0, 0, 0, 0, 0);
            job = _store.Update(jobId, j => j with { Published = publication });
            _processor.Clean(jobId);
            return job;
        }
        finally
        {
            gate.Release();
        }
    }
}
