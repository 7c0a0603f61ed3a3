using System.Collections.Concurrent;
using BedrockMigrationHarness.Vocabulary;
using Polly;
using Polly.Retry;

namespace BedrockMigrationHarness.Execution;

/// <summary>How <see cref="Runner.RunAsync"/> ended.</summary>
/// <param name="Message">Why the run was aborted, for <see cref="RunStatus.Aborted"/>.</param>
public sealed record RunOutcome(RunStatus Status, string? Message);

/// <summary>
/// Sends a <see cref="RunPlan"/> through an <see cref="IModelClient"/> under a concurrency bound, retrying
/// retryable outcomes (Polly, full-jitter backoff) and appending every try to the journal as it finishes.
/// Each model's calls also pass a <see cref="ConcurrencyGovernor"/>, which halves that model's calls in
/// flight when it throttles and climbs back as it answers. Latency is the client's per-call measurement, so
/// time queued behind the bound or the governor, or spent in backoff, is never part of it. An outcome no
/// retry can fix (end-of-life model, no access, no credentials) stops the run, and so does a sink (the journal)
/// that can no longer keep records: no call is started after it failed. With an acceptance check (the judge's calls),
/// an answer it refuses is retried like a retryable failure: that try is journaled non-final, and the last try is
/// final whatever it holds.
/// </summary>
internal sealed class Runner
{
    private static readonly ResiliencePropertyKey<TryLog> TryLogKey = new("bmh.try-log");

    private readonly IModelClient _client;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<ModelCallResult> _pipeline;

    /// <param name="jitter">Uniform draws in [0, 1) for the backoff's full jitter; <see cref="Random.Shared"/> when null.</param>
    /// <param name="acceptable">
    /// Whether a successful answer is usable (the judge's verdict is well formed); null accepts every answer, as the model
    /// calls do. A refused answer is asked again within <see cref="RetrySettings.MaxAttempts"/>.
    /// </param>
    public Runner(IModelClient client, RetrySettings retry, TimeProvider time, Func<double>? jitter = null, Func<ModelCallResult, bool>? acceptable = null)
    {
        var random = jitter ?? Random.Shared.NextDouble;
        _client = client;
        _time = time;
        var builder = new ResiliencePipelineBuilder<ModelCallResult> { TimeProvider = time };
        if (retry.MaxAttempts > 1)
        {
            // Polly refuses MaxRetryAttempts 0: one attempt (retry: { max_attempts: 1 }) is a pipeline without the retry strategy.
            builder.AddRetry(new RetryStrategyOptions<ModelCallResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r
                    && (r.Outcome.IsRetryable() || (r.Outcome == CallOutcome.Success && acceptable?.Invoke(r) == false))),
                MaxRetryAttempts = retry.MaxAttempts - 1,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FullJitter(retry, args.AttemptNumber, random)),
                OnRetry = static args =>
                {
                    args.Context.Properties.GetValue(TryLogKey, null!).Retrying(args.Outcome.Result!, args.RetryDelay);
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs every attempt of <paramref name="plan"/> with at most <paramref name="concurrency"/> in flight.
    /// Returns <see cref="RunStatus.Interrupted"/> when <paramref name="cancellationToken"/> fires; what finished is in the journal.
    /// Returns <see cref="RunStatus.Aborted"/> when a call cannot succeed or <paramref name="journal"/> fails.
    /// </summary>
    public async Task<RunOutcome> RunAsync(
        RunPlan plan, int concurrency, IAttemptSink journal, IRunProgress progress, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, journal.Failed);
        string? abortMessage = null;
        var next = -1;
        var governors = new ConcurrentDictionary<string, ConcurrencyGovernor>(StringComparer.Ordinal);

        async Task WorkerAsync()
        {
            int index;
            while (!abort.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < plan.Attempts.Length)
            {
                var planned = plan.Attempts[index];
                var governor = governors.GetOrAdd(planned.Request.ModelId, static (_, bound) => new ConcurrencyGovernor(bound), Math.Max(1, concurrency));
                var final = await SendAsync(planned, governor, journal, progress, abort.Token);
                try
                {
                    journal.Append(final);
                }
                catch (AttemptSinkException ex)
                {
                    Interlocked.CompareExchange(ref abortMessage, ex.Message, null);
                    await abort.CancelAsync();
                    return;
                }

                progress.Settled(final);
                if (final.Outcome.IsFatal())
                {
                    Interlocked.CompareExchange(ref abortMessage, FatalMessage(final), null);
                    await abort.CancelAsync();
                }
            }
        }

        var workers = new Task[Math.Clamp(concurrency, 1, Math.Max(1, plan.Attempts.Length))];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(WorkerAsync, CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
            // Cancellation passes through the workers; what it means is decided below.
        }
        catch (AttemptSinkException ex)
        {
            // A failed try could not be journalled while retrying.
            Interlocked.CompareExchange(ref abortMessage, ex.Message, null);
        }

        if (journal.Failure is { } failure)
        {
            // The sink's failure outranks everything: answers after it were not kept.
            return new RunOutcome(RunStatus.Aborted, failure.Message);
        }

        if (abortMessage is not null)
        {
            return new RunOutcome(RunStatus.Aborted, abortMessage);
        }

        return cancellationToken.IsCancellationRequested
            ? new RunOutcome(RunStatus.Interrupted, "The run was stopped before every attempt finished.")
            : new RunOutcome(RunStatus.Completed, null);
    }

    private async Task<AttemptRecord> SendAsync(
        PlannedAttempt planned, ConcurrencyGovernor governor, IAttemptSink journal, IRunProgress progress, CancellationToken cancellationToken)
    {
        var log = new TryLog(planned, journal, progress, _time);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TryLogKey, log);
        try
        {
            var result = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var slot = await state.Governor.AcquireAsync(ctx.CancellationToken);
                    ModelCallResult? result = null;
                    try
                    {
                        state.Log.Begin();
                        result = await state.Client.SendAsync(state.Log.Planned.Request, ctx.CancellationToken);
                        return result;
                    }
                    finally
                    {
                        slot.Release(result?.Outcome);
                    }
                },
                context,
                (Log: log, Client: _client, Governor: governor));
            return log.Record(result, final: true);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The journal's record of one try of <paramref name="key"/> that ended in <paramref name="r"/>.</summary>
    public static AttemptRecord Record(AttemptKey key, int @try, bool final, string modelId, DateTimeOffset startedAt, ModelCallResult r) => new(
        key.CaseId,
        key.Arm,
        key.Sample,
        @try,
        final,
        modelId,
        startedAt,
        r.Outcome,
        r.ClientLatencyMs,
        r.ServerLatencyMs,
        r.TimeToFirstTokenMs,
        r.InputTokens,
        r.OutputTokens,
        r.StopReason,
        r.Text,
        r.HttpStatus,
        r.ErrorType,
        r.ErrorMessage)
    {
        ToolCalls = r.ToolCalls,
        ReasoningText = r.ReasoningText,
        CacheReadInputTokens = r.CacheReadInputTokens,
        CacheWriteInputTokens = r.CacheWriteInputTokens,
        Candidate = key.Candidate,
    };

    private static TimeSpan FullJitter(RetrySettings retry, int retryNumber, Func<double> random)
    {
        var ceiling = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.BaseDelay.TotalMilliseconds * Math.Pow(2, retryNumber));
        return TimeSpan.FromMilliseconds(random() * ceiling);
    }

    private static string FatalMessage(AttemptRecord final) => final.Outcome switch
    {
        CallOutcome.ModelEndOfLife =>
            $"{Model(final)}: {final.ErrorMessage} The model is end-of-life in this region, or the id is wrong. Check it with `bmh lifecycle {final.ModelId}`.",
        CallOutcome.NoCredentials => final.ErrorMessage ?? "No AWS credentials were found.",
        _ => $"{Model(final)}: {final.ErrorType}: {final.ErrorMessage} No call to this model can succeed; check model access in the Bedrock console and the IAM permission bedrock:InvokeModel.",
    };

    /// <summary>The model of a record as a message names it: the judge's calls say so, since the suite's arms are fine.</summary>
    private static string Model(AttemptRecord final) => final.Arm.IsJudge() ? $"the judge model {final.ModelId}" : final.ModelId;

    /// <summary>The tries of one planned attempt: numbers them, stamps their start and journals the failed ones.</summary>
    private sealed class TryLog(PlannedAttempt planned, IAttemptSink journal, IRunProgress progress, TimeProvider time)
    {
        private int _try;
        private DateTimeOffset _startedAt;

        public PlannedAttempt Planned { get; } = planned;

        public void Begin()
        {
            _try++;
            _startedAt = time.GetUtcNow();
        }

        public void Retrying(ModelCallResult result, TimeSpan delay)
        {
            var record = Record(result, final: false);
            journal.Append(record);
            progress.Retrying(record, delay);
        }

        public AttemptRecord Record(ModelCallResult r, bool final) => Runner.Record(Planned.Key, _try, final, Planned.Request.ModelId, _startedAt, r);
    }
}
