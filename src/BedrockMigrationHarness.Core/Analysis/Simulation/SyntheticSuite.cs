using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis.Simulation;

/// <summary>
/// Draws journals from known truths, without any HTTP: every case asks for <c>{"answer": string}</c>; a compliant
/// answer is that object, a non-compliant one misses the property. Baseline truths per case (fixed for a suite size):
/// compliance 1.0 for three cases in four and 0.98 for the rest (0.995 overall), or 1 − <see cref="SimulationScenario.FormatFaults"/>
/// on every case; log-normal latency with a median log-uniform in 300–3,000 ms and σ = 0.35; output tokens normal
/// around a per-case mean of 50–400 (sd 15%). With <see cref="SimulationScenario.Correctness"/> every case expects
/// <c>/answer</c> to equal "ok": a correct answer says "ok", a wrong one "wrong" (schema-valid, expectation failed).
/// One uniform draw decides each answer: below the correctness it is correct, below the compliance wrong, else a
/// format fault; so the rows without expectations draw exactly what they drew before correctness existed.
/// With a <see cref="SimulationScenario.Judge"/> a second draw makes a compliant answer a worse one
/// (<see cref="WorseAnswer"/>) with the arm's planted share, and every pair gets the judge's two calls from
/// <see cref="SimulatedJudge"/>, the error model the emulator's judge uses.
/// </summary>
internal sealed class SyntheticSuite
{
    /// <summary>Within-case σ of log latency.</summary>
    public const double LatencySigma = 0.35;

    /// <summary>The judge's model id in the synthetic journal.</summary>
    public const string JudgeModel = "model-j";

    /// <summary>A worse answer, for the judge: schema-valid, with no expectation to fail (judge rows have none).</summary>
    public const string WorseAnswer = """{"answer":"worse"}""";

    private const string Schema = """{"type":"object","required":["answer"],"properties":{"answer":{"type":"string"}}}""";

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly double[] _compliance;
    private readonly double[] _logMedian;
    private readonly double[] _meanTokens;
    private readonly double _tailSlope;
    private readonly double _medianShift;

    public SyntheticSuite(SimulationScenario scenario)
    {
        Scenario = scenario;
        var truths = new Random(7);
        _compliance = new double[scenario.Cases];
        _logMedian = new double[scenario.Cases];
        _meanTokens = new double[scenario.Cases];
        for (int i = 0; i < scenario.Cases; i++)
        {
            _compliance[i] = scenario.FormatFaults is { } faults ? 1 - faults : i % 4 == 3 ? 0.98 : 1.0;
            _logMedian[i] = Math.Log(300) + (truths.NextDouble() * Math.Log(10));
            _meanTokens[i] = 50 + (truths.NextDouble() * 350);
        }

        _tailSlope = scenario.TailSlowdown == 0 ? 0 : CalibrateTailSlope(scenario.TailSlowdown);
        _medianShift = Math.Log(1 + scenario.MedianSlowdown);

        ImmutableArray<Expectation> expectations = scenario.Correctness is null ? [] : [new Expectation(ExpectationKind.EqualTo, "ok", "/answer")];
        var cases = Enumerable.Range(0, scenario.Cases)
            .Select(i => new PromptCase(CaseId(i), [Turn.UserText("Answer in JSON.")], "answer.schema.json", Schema, expectations, null))
            .ToImmutableArray();
        var suite = new SuiteDefinition("simulation", "model-a", "model-b", "us-east-1", scenario.Samples, 4,
            new InferenceSettings(512, 0, null, []), null, false, 60, false, null, cases, scenario.Gates, new TrafficSettings(0))
        {
            Judge = scenario.Judge is null ? null : new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
        };
        Header = new JournalHeader(1, "simulation", Start, "simulation.yaml", suite);
    }

    public SimulationScenario Scenario { get; }

    public JournalHeader Header { get; }

    public static JournalEnd CompletedEnd { get; } = new(Start.AddHours(1), RunStatus.Completed, null);

    /// <summary>Where the tail slowdown starts (p90): below it the candidate is as fast as the baseline.</summary>
    private static double Z90 { get; } = Statistics.NormalDistribution.Quantile(0.90);

    /// <summary>Every record of one run, drawn from <paramref name="random"/>: arm by arm, case by case, sample by sample.</summary>
    public List<AttemptRecord> Draw(Random random)
    {
        var records = new List<AttemptRecord>(Scenario.Cases * Scenario.Samples * (Scenario.Judge is null ? 2 : 4));
        var worse = new bool[2, Scenario.Cases, Scenario.Samples];
        foreach (Arm arm in (ReadOnlySpan<Arm>)[Arm.Baseline, Arm.Candidate])
        {
            for (int i = 0; i < Scenario.Cases; i++)
            {
                for (int s = 0; s < Scenario.Samples; s++)
                {
                    records.Add(DrawAnswer(random, arm, i, s, out worse[(int)arm, i, s]));
                }
            }
        }

        if (Scenario.Judge is { } judge)
        {
            for (int i = 0; i < Scenario.Cases; i++)
            {
                for (int s = 0; s < Scenario.Samples; s++)
                {
                    AddJudgeCalls(records, judge.Judge, i, s, worse[(int)Arm.Baseline, i, s], worse[(int)Arm.Candidate, i, s], random);
                }
            }
        }

        return records;
    }

    /// <summary>
    /// The records of samples <paramref name="from"/> to <paramref name="to"/> (exclusive) of run <paramref name="runSeed"/>,
    /// whatever <see cref="SimulationScenario.Samples"/> says. Sample s of case i draws both arms (and the judge's calls)
    /// from a stream of its own, seeded from the run, the case and the sample, so a sample's records do not depend on how
    /// many samples the run ends up with: an adaptive run's next round only adds records, and a fixed 20 × 20 run holds
    /// the same first five samples as the 20 × 5 run of the same seed.
    /// </summary>
    public List<AttemptRecord> DrawSamples(int runSeed, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        var records = new List<AttemptRecord>(Scenario.Cases * (to - from) * (Scenario.Judge is null ? 2 : 4));
        for (int i = 0; i < Scenario.Cases; i++)
        {
            for (int s = from; s < to; s++)
            {
                var random = new Random(StreamSeed(runSeed, i, s));
                records.Add(DrawAnswer(random, Arm.Baseline, i, s, out bool baselineWorse));
                records.Add(DrawAnswer(random, Arm.Candidate, i, s, out bool candidateWorse));
                if (Scenario.Judge is { } judge)
                {
                    AddJudgeCalls(records, judge.Judge, i, s, baselineWorse, candidateWorse, random);
                }
            }
        }

        return records;
    }

    /// <summary>A seed for the stream of one sample of one case of one run: SplitMix64's finalizer over the three, so nearby runs, cases and samples get unrelated streams.</summary>
    private static int StreamSeed(int runSeed, int caseIndex, int sample)
    {
        ulong x = ((ulong)(uint)runSeed << 32) ^ ((ulong)(uint)caseIndex << 20) ^ (uint)sample;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & int.MaxValue);
    }

    /// <summary>
    /// One answer of <paramref name="arm"/> to sample <paramref name="sample"/> of case <paramref name="caseIndex"/>, and
    /// whether it is a worse answer for the judge (only a scenario with a judge draws that, so the other scenarios draw
    /// exactly what they drew before the judge).
    /// </summary>
    private AttemptRecord DrawAnswer(Random random, Arm arm, int caseIndex, int sample, out bool worse)
    {
        bool candidate = arm == Arm.Candidate;
        double compliance = _compliance[caseIndex] - (candidate ? Scenario.ComplianceDrop : 0);
        double correctness = Scenario.Correctness is { } c ? Math.Min(compliance, c - (candidate ? Scenario.CorrectnessDrop : 0)) : compliance;
        double u = random.NextDouble();
        double z = Gaussian(random);
        double logLatency = _logMedian[caseIndex] + (LatencySigma * z);
        if (candidate)
        {
            logLatency += TailShift(z, _tailSlope) + _medianShift;
        }

        int tokens = Math.Max(1, (int)Math.Round(_meanTokens[caseIndex] * (1 + (0.15 * Gaussian(random)))));
        string text = u < correctness ? """{"answer":"ok"}""" : u < compliance ? """{"answer":"wrong"}""" : """{"reply":"ok"}""";
        worse = Scenario.Judge is { } judge && random.NextDouble() < (candidate ? judge.CandidateWorse : judge.BaselineWorse) && u < compliance;
        if (worse)
        {
            text = WorseAnswer;
        }

        return new AttemptRecord(CaseId(caseIndex), arm, sample, 1, true, candidate ? "model-b" : "model-a",
            Start, CallOutcome.Success, Math.Exp(logLatency), null, null, 200, tokens, "end_turn", text, 200, null, null);
    }

    /// <summary>
    /// The judge's two calls on one pair, from <see cref="SimulatedJudge"/>: the truth is that the worse answer loses when
    /// exactly one of the two is worse, else a tie (the emulator's judge's rule).
    /// </summary>
    private static void AddJudgeCalls(List<AttemptRecord> records, SimulatedJudge judge, int caseIndex, int sample, bool baselineWorse, bool candidateWorse, Random random)
    {
        foreach (Arm order in (ReadOnlySpan<Arm>)[Arm.JudgeCandidateSecond, Arm.JudgeCandidateFirst])
        {
            (bool first, bool second) = order == Arm.JudgeCandidateSecond ? (baselineWorse, candidateWorse) : (candidateWorse, baselineWorse);
            JudgePick truth = first == second ? JudgePick.Tie : first ? JudgePick.Second : JudgePick.First;
            JudgeVerdict verdict = judge.Judge(truth, random.NextDouble);
            records.Add(new AttemptRecord(CaseId(caseIndex), order, sample, 1, true, JudgeModel, Start, CallOutcome.Success,
                800, null, null, 600, 60, "tool_use", null, 200, null, null)
            {
                ToolCalls = [new ToolCall("judge", JudgePrompt.ToolName, JudgeVerdictReader.InputJson(verdict))],
            });
        }
    }

    /// <summary>The true suite-wide p99 latency of the baseline and the candidate, from 20,000 draws per case.</summary>
    public (double Baseline, double Candidate) TrueP99()
    {
        double[] z = StandardNormals();
        return (PooledP99(z, 0), PooledP99(z, _tailSlope));
    }

    /// <summary>
    /// The log-latency added to a candidate draw at standard-normal position <paramref name="z"/>: zero up to the case's
    /// p90, then rising linearly with <paramref name="slope"/>, so every case's p50 stays where it was.
    /// </summary>
    private static double TailShift(double z, double slope) => z <= Z90 ? 0 : slope * (z - Z90);

    /// <summary>The slope at which the suite-wide p99 rises by <paramref name="slowdown"/> (bisection on common draws).</summary>
    private double CalibrateTailSlope(double slowdown)
    {
        double[] z = StandardNormals();
        double target = PooledP99(z, 0) * (1 + slowdown);
        double low = 0;
        double high = 10;
        for (int i = 0; i < 60; i++)
        {
            double mid = (low + high) / 2;
            (PooledP99(z, mid) < target ? ref low : ref high) = mid;
        }

        return (low + high) / 2;
    }

    private double PooledP99(double[] z, double slope)
    {
        var pooled = new double[_logMedian.Length * z.Length];
        for (int i = 0; i < _logMedian.Length; i++)
        {
            for (int j = 0; j < z.Length; j++)
            {
                pooled[(i * z.Length) + j] = Math.Exp(_logMedian[i] + (LatencySigma * z[j]) + TailShift(z[j], slope));
            }
        }

        Array.Sort(pooled);
        return Statistics.Percentiles.Type7(pooled, 0.99);
    }

    private static double[] StandardNormals()
    {
        var random = new Random(11);
        var z = new double[20_000];
        for (int j = 0; j < z.Length; j++)
        {
            z[j] = Gaussian(random);
        }

        return z;
    }

    private static string CaseId(int i) => "case-" + i.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Box–Muller.</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
