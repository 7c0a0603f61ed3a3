using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// The bootstrap-over-cases replicates of every arm statistic, drawn with one seed so that all of them (and all arms)
/// are paired resample by resample. Arm index = position in the list given to <see cref="Compute"/>.
/// </summary>
internal sealed class BootstrapReplicates
{
    /// <summary>The percentiles every percentile set reports, in this order.</summary>
    public static readonly double[] Probabilities = [0.50, 0.90, 0.99];

    private BootstrapReplicates(double[][][] latency, double[][][] timeToFirstToken, double[][] outputMeans, double[][] inputMeans,
        double[][] cacheReadMeans, double[][] cacheWriteMeans)
    {
        CacheReadTokenMeans = cacheReadMeans;
        CacheWriteTokenMeans = cacheWriteMeans;
        Latency = latency;
        TimeToFirstToken = timeToFirstToken;
        OutputTokenMeans = outputMeans;
        InputTokenMeans = inputMeans;
    }

    /// <summary>[arm][percentile][resample] of successful-answer latency.</summary>
    public double[][][] Latency { get; }

    /// <summary>[arm][percentile][resample] of time to first token.</summary>
    public double[][][] TimeToFirstToken { get; }

    /// <summary>[arm][resample] of mean output tokens.</summary>
    public double[][] OutputTokenMeans { get; }

    /// <summary>[arm][resample] of mean input tokens.</summary>
    public double[][] InputTokenMeans { get; }

    /// <summary>[arm][resample] of mean cache-read input tokens (0 for answers that report none).</summary>
    public double[][] CacheReadTokenMeans { get; }

    /// <summary>[arm][resample] of mean cache-write input tokens.</summary>
    public double[][] CacheWriteTokenMeans { get; }

    public static BootstrapReplicates Compute(IReadOnlyList<ArmData> arms, int resamples, int seed)
    {
        double[][][] latency = CaseBootstrap.Percentiles([.. arms.Select(a => a.PerCase(static c => c.Latency))], Probabilities, resamples, seed);
        double[][][] ttft = CaseBootstrap.Percentiles([.. arms.Select(a => a.PerCase(static c => c.TimeToFirstToken))], Probabilities, resamples, seed);
        double[][] output = CaseBootstrap.Means([.. arms.Select(a => a.PerCase(static c => c.OutputTokens))], resamples, seed);
        double[][] input = CaseBootstrap.Means([.. arms.Select(a => a.PerCase(static c => c.InputTokens))], resamples, seed);
        double[][] cacheRead = CaseBootstrap.Means([.. arms.Select(a => a.PerCase(static c => c.CacheReadTokens))], resamples, seed);
        double[][] cacheWrite = CaseBootstrap.Means([.. arms.Select(a => a.PerCase(static c => c.CacheWriteTokens))], resamples, seed);
        return new BootstrapReplicates(latency, ttft, output, input, cacheRead, cacheWrite);
    }
}
