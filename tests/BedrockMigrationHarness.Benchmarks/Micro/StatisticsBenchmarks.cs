using BedrockMigrationHarness.Analysis.Statistics;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// The percentile and bootstrap routines on log-normal latencies: p50/p90/p99 of one arm, and the case bootstrap
/// of both arms' percentiles and token means (200 resamples; the analysis uses 2,000 up to 100,000 records).
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private static readonly double[] Probabilities = [0.50, 0.90, 0.99];

    private double[][][] _arms = null!;
    private double[] _pooled = null!;
    private double[] _results = null!;

    /// <summary>Cases per arm; samples per case fixed at 250, as in the 2,000 × 250 scale target.</summary>
    [Params(20, 200)]
    public int Cases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _arms = new double[2][][];
        for (int a = 0; a < 2; a++)
        {
            _arms[a] = new double[Cases][];
            for (int c = 0; c < Cases; c++)
            {
                _arms[a][c] = new double[250];
                for (int s = 0; s < 250; s++)
                {
                    _arms[a][c][s] = Math.Exp(6 + (0.35 * ((random.NextDouble() * 2) - 1)));
                }
            }
        }

        _pooled = [.. _arms[0].SelectMany(static c => c)];
        _results = new double[Probabilities.Length];
    }

    [Benchmark]
    public double Type7Unsorted_OneArm()
    {
        double[] copy = [.. _pooled];
        Percentiles.Type7Unsorted(copy, Probabilities, _results);
        return _results[2];
    }

    [Benchmark]
    public double CaseBootstrap_Percentiles_200() => CaseBootstrap.Percentiles(_arms, Probabilities, 200, 7)[1][2][199];

    [Benchmark]
    public double CaseBootstrap_Means_200() => CaseBootstrap.Means(_arms, 200, 7)[1][199];
}
