using System.Collections.Concurrent;
using System.Diagnostics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// One run as <c>bmh run</c> makes it: the plan of a suite through the real <see cref="Runner"/> into a real
/// <see cref="JournalWriter"/> (in a temporary directory), with every answer checked as it settles.
/// </summary>
internal sealed class BenchRun : IRunProgress
{
    private readonly ResponseChecker _checker;
    private readonly Dictionary<string, PromptCase> _cases;
    private readonly ConcurrentQueue<Settlement> _settled = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Action<int>? _onSettled;
    private readonly bool _keep;
    private readonly double[] _latencies;
    private int _count;
    private int _compliant;

    private BenchRun(SuiteDefinition suite, Action<int>? onSettled, bool keep, int attempts)
    {
        _keep = keep;
        _latencies = new double[attempts];
        _checker = new ResponseChecker(suite.Cases);
        _cases = suite.Cases.ToDictionary(static c => c.Id, StringComparer.Ordinal);
        _onSettled = onSettled;
    }

    /// <summary>A final try and when it settled, in ms since the run started.</summary>
    public sealed record Settlement(AttemptRecord Record, double SettledAtMs);

    /// <summary>
    /// The finished run: every settlement (when kept), every final try's recorded latency, every try journalled, the
    /// answers that passed the format checks.
    /// </summary>
    public sealed record Result(IReadOnlyList<Settlement> Settled, double[] Latencies, IReadOnlyList<AttemptRecord> Journal, int Compliant, TimeSpan Wall);

    /// <summary>Runs <paramref name="suite"/> against <paramref name="client"/> at the suite's concurrency.</summary>
    /// <param name="onSettled">Called with the running count after each settled attempt (on a runner thread).</param>
    /// <param name="keep">
    /// Keep every settled record for the caller; false keeps only a preallocated array of latencies, so that the
    /// benchmark itself holds no more memory at the end of the run than at its start.
    /// </param>
    public static async Task<Result> RunAsync(SuiteDefinition suite, IModelClient client, RetrySettings retry, Action<int>? onSettled = null, bool keep = true)
    {
        string directory = Path.Combine(Path.GetTempPath(), "bmh-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, JournalWriter.FileName);
            var header = new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), TimeProvider.System.GetUtcNow(), "bench", suite);
            var plan = RunPlan.Create(suite);
            var progress = new BenchRun(suite, onSettled, keep, plan.Attempts.Length);
            var runner = new Runner(client, retry, TimeProvider.System);
            RunOutcome outcome;
            await using (JournalWriter journal = JournalWriter.Create(path, header, TimeProvider.System))
            {
                outcome = await runner.RunAsync(plan, suite.Concurrency, journal, progress, CancellationToken.None);
                await journal.CompleteAsync(new JournalEnd(TimeProvider.System.GetUtcNow(), outcome.Status, outcome.Message));
            }

            TimeSpan wall = Stopwatch.GetElapsedTime(progress._started);
            if (outcome.Status != RunStatus.Completed)
            {
                throw new InvalidOperationException($"The benchmark run did not complete: {outcome.Status} {outcome.Message}");
            }

            return new Result([.. progress._settled], progress._latencies[..progress._count], JournalReader.Read(path).Records, progress._compliant, wall);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public void Started(int total, int alreadySettled)
    {
    }

    public void Settled(AttemptRecord final)
    {
        int count = Interlocked.Increment(ref _count);
        _latencies[count - 1] = final.ClientLatencyMs;
        if (_keep)
        {
            _settled.Enqueue(new Settlement(final, Stopwatch.GetElapsedTime(_started).TotalMilliseconds));
        }

        if (final.Outcome == CallOutcome.Success && _checker.Check(_cases[final.CaseId], final.Text).FormatCompliant)
        {
            Interlocked.Increment(ref _compliant);
        }

        _onSettled?.Invoke(count);
    }

    public void Retrying(AttemptRecord failedTry, TimeSpan delay)
    {
    }
}
