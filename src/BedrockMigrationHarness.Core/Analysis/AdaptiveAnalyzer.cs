using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// The decisions of an adaptive run (docs/statistics.md, "Adaptive sampling"): at each look, every blocking gate is
/// judged on its repeated confidence intervals (<see cref="SequentialLevels"/>): FAIL when the interval at the look's
/// fail level lies wholly beyond the limit, PASS when the interval at its pass level lies wholly within it, else
/// undecided. The run stops when the verdict is decided (a blocking gate failed, or all passed), or at a cap; otherwise
/// the next round's size comes from how far each undecided gate's interval is from its limit, bounded.
/// </summary>
internal static class AdaptiveAnalyzer
{
    /// <summary>The next round brings every case to at least this multiple of its samples (and one more sample).</summary>
    public const double MinGrowth = 1.25;

    /// <summary>The next round brings every case to at most this multiple of its samples.</summary>
    public const double MaxGrowth = 3.0;

    /// <summary>
    /// The look after a round brought every case to <paramref name="samplesPerCase"/> samples: the analysis of the records
    /// of samples below it, the blocking gates' states, and what to do next.
    /// </summary>
    /// <param name="header">The run's header; its suite has <c>Adaptive</c> set.</param>
    /// <param name="records">Every effective record so far (model and judge calls); records of samples at or above <paramref name="samplesPerCase"/> are ignored.</param>
    /// <param name="previous">The looks already journaled, in order.</param>
    /// <param name="at">When the look is taken (the journal's clock).</param>
    public static LookRecord Look(JournalHeader header, IReadOnlyList<AttemptRecord> records, ImmutableArray<LookRecord> previous, int samplesPerCase, DateTimeOffset at) =>
        Take(header, records, previous, samplesPerCase, at).Record;

    /// <summary>As <see cref="Look"/>, with the look as the report shows it (for the run's note, without analysing the earlier looks again).</summary>
    public static (LookRecord Record, LookSummary Summary) Take(JournalHeader header, IReadOnlyList<AttemptRecord> records, ImmutableArray<LookRecord> previous, int samplesPerCase, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        AdaptiveSettings settings = header.Suite.Adaptive ?? throw new ArgumentException("The suite is not adaptive.", nameof(header));
        var options = new AnalysisOptions(RunAnalyzer.DefaultSeed, RunAnalyzer.DefaultResamples, new ResponseChecker(header.Suite.Cases));
        Judged look = JudgeLook(header, records, null, options, previous.Select(static l => l.Fraction), samplesPerCase);
        (LookStop stop, int? next) = Decide(settings, look, samplesPerCase);
        var record = new LookRecord(previous.Length + 1, samplesPerCase, look.Levels.Fraction, look.Levels.FailLevel, look.Levels.PassLevel,
            [.. look.Blocking.Select(static g => new LookGate(g.Fail.Spec.Kind, g.State, EstimateOf(g.Fail)))],
            look.ModelCalls, look.SpendUsd, stop, next, at);
        return (record, Summarize(record.Index, samplesPerCase, look, stop, next, journaled: true));
    }

    /// <summary>
    /// The report of an adaptive journal: every journaled look recomputed from the records of the samples it saw, one
    /// more look when records of an unfinished round follow the last (or no look was journaled yet), and the final gates
    /// and verdict from the last look.
    /// </summary>
    internal static ReportData Final(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, AnalysisOptions options, ImmutableArray<LookRecord> looks)
    {
        AdaptiveSettings settings = header.Suite.Adaptive!;
        var summaries = ImmutableArray.CreateBuilder<LookSummary>();
        var fractions = new List<double>();
        Judged? last = null;
        foreach (LookRecord record in looks)
        {
            last = JudgeLook(header, records, end, options, fractions, record.SamplesPerCase, record.Fraction);
            fractions.Add(record.Fraction);
            summaries.Add(Summarize(record.Index, record.SamplesPerCase, last, record.Stop, record.NextSamplesPerCase, journaled: true));
        }

        int reached = records.Where(static r => !r.Arm.IsJudge()).Select(static r => r.Sample + 1).DefaultIfEmpty(0).Max();
        LookRecord? lastRecord = looks.IsDefaultOrEmpty ? null : looks[^1];
        bool unfinishedRound = lastRecord is null || reached > lastRecord.SamplesPerCase;
        int samples = lastRecord?.SamplesPerCase ?? header.Suite.Samples;
        if (unfinishedRound)
        {
            samples = Math.Max(reached, lastRecord?.NextSamplesPerCase ?? header.Suite.Samples);
            last = JudgeLook(header, records, end, options, fractions, samples);
            summaries.Add(Summarize(summaries.Count + 1, samples, last, null, null, journaled: false));
        }

        LookSummary final = summaries[^1];
        LookStop? stop = unfinishedRound ? null : lastRecord!.Stop;
        var adaptive = new AdaptiveSummary(settings, summaries.ToImmutable(), stop, StopReason(settings, final, last!, stop));
        ImmutableArray<GateResult> gates = [.. last!.Gates.Select(g => FinalGate(g, final.Index, last.Levels))];
        return last.Measured.Report(gates, adaptive, stop is LookStop.Decided ? null : adaptive.StopReason);
    }

    /// <summary>Analyses the records of samples below <paramref name="samplesPerCase"/> and judges every gate at both of the look's levels.</summary>
    private static Judged JudgeLook(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, AnalysisOptions options,
        IEnumerable<double> previousFractions, int samplesPerCase, double? recordedFraction = null)
    {
        SuiteDefinition suite = header.Suite;
        AdaptiveSettings settings = suite.Adaptive!;
        AttemptRecord[] seen = [.. records.Where(r => r.Sample < samplesPerCase)];
        // The resamples follow the records the look saw, never the whole journal's, so the report recomputes exactly the
        // intervals the run decided on.
        Measurement measured = RunAnalyzer.Measure(header, seen, end, options with { Resamples = RunAnalyzer.ResamplesFor(seen.Length) }, samplesPerCase);
        double[] before = [.. previousFractions];
        double fraction = recordedFraction ?? Math.Max(
            before.LastOrDefault(),
            Math.Min(1, (double)measured.Analysis.Candidate.Finished / Math.Max(1, (long)suite.Cases.Length * settings.MaxSamples)));
        LookLevels levels = SequentialLevels.For(settings, suite.Gates.ConfidenceLevel, [.. before, fraction])[^1];
        GateResult[] fail = [.. GateEvaluator.EvaluateAll(suite.Gates, measured.Inputs with { ConfidenceLevel = levels.FailLevel })];
        GateResult[] pass = [.. GateEvaluator.EvaluateAll(suite.Gates, measured.Inputs with { ConfidenceLevel = levels.PassLevel })];
        var gates = new JudgedGate[fail.Length];
        for (int i = 0; i < fail.Length; i++)
        {
            LookGateState state = fail[i].State == GateState.Fail ? LookGateState.Fail
                : GateEvaluator.PassesAtLevel(pass[i]) ? LookGateState.Pass
                : LookGateState.Undecided;
            gates[i] = new JudgedGate(fail[i], pass[i], state, NeededSamples(fail[i], pass[i], samplesPerCase));
        }

        RunAnalysis a = measured.Analysis;
        long calls = a.Baseline.Calls + a.Candidate.Calls + (a.NoiseFloor?.Calls ?? 0) + (a.Judge?.Calls ?? 0);
        double? spend = a.Cost is null ? null : a.Cost.RunSpend + (a.Judge?.SpendUsd ?? 0);
        return new Judged(measured, levels, [.. gates], calls, spend);
    }

    /// <summary>Stop (decided or a cap) or the samples per case of the next round.</summary>
    private static (LookStop Stop, int? Next) Decide(AdaptiveSettings settings, Judged look, int samplesPerCase)
    {
        JudgedGate[] blocking = look.Blocking;
        if (blocking.Any(static g => g.State == LookGateState.Fail) || blocking.All(static g => g.State == LookGateState.Pass))
        {
            return (LookStop.Decided, null);
        }

        if (samplesPerCase >= settings.MaxSamples)
        {
            return (LookStop.MaxSamples, null);
        }

        double needed = blocking.Where(static g => g.State == LookGateState.Undecided).Max(static g => g.Needed);
        int low = Math.Max(samplesPerCase + 1, (int)Math.Ceiling(samplesPerCase * MinGrowth));
        int high = Math.Max(low, (int)Math.Floor(samplesPerCase * MaxGrowth));
        int next = Math.Min(settings.MaxSamples, (int)Math.Clamp(Math.Ceiling(needed), low, high));
        if (settings.MaxCostUsd is { } cap && look.SpendUsd is { } spent && spent > 0)
        {
            double perSample = spent / samplesPerCase;
            int affordable = (int)Math.Floor((cap - spent) / perSample);
            next = Math.Min(next, samplesPerCase + Math.Max(0, affordable));
            if (next <= samplesPerCase)
            {
                return (LookStop.MaxCost, null);
            }
        }

        return (LookStop.Continue, next);
    }

    /// <summary>
    /// About how many samples per case would decide an undecided gate, if its estimate held and its interval narrowed
    /// as 1/√n: the interval at the level that would decide it (PASS when the estimate is within the limit, FAIL when
    /// beyond) reaches the limit at n·(half-width / distance to the limit)². Infinite without data or on the limit.
    /// </summary>
    private static double NeededSamples(GateResult fail, GateResult pass, int samplesPerCase)
    {
        (double limit, bool higherIsWorse) = LimitOf(fail.Spec);
        if (EstimateOf(fail) is not { } estimate)
        {
            return double.PositiveInfinity;
        }

        bool within = higherIsWorse ? estimate <= limit : estimate >= limit;
        Interval? interval = within ? pass.DeltaInterval : fail.DeltaInterval;
        if (interval is null)
        {
            return double.PositiveInfinity;
        }

        // The end facing the limit: below the estimate when a lower value is the way to the limit.
        bool limitBelow = limit < estimate;
        double reach = limitBelow ? estimate - interval.Lower : interval.Upper - estimate;
        double distance = Math.Abs(estimate - limit);
        return distance <= 1e-12 || !double.IsFinite(reach) ? double.PositiveInfinity : samplesPerCase * Math.Pow(reach / distance, 2);
    }

    /// <summary>A gate as the final report shows it: a blocking gate by the look's decision, a warning gate by the three-zone rule at the fail level.</summary>
    private static GateResult FinalGate(JudgedGate gate, int lookIndex, LookLevels levels)
    {
        if (gate.Fail.Spec.Severity != GateSeverity.Blocking)
        {
            return gate.Fail;
        }

        return gate.State switch
        {
            LookGateState.Fail => gate.Fail,
            LookGateState.Pass => gate.Pass,
            _ => gate.Fail with
            {
                State = GateState.Inconclusive,
                Explanation = gate.Fail.Explanation + $" Undecided at look {Num.Int(lookIndex)}: the {Num.Level(levels.FailLevel)} interval does not lie wholly beyond the limit, nor the {Num.Level(levels.PassLevel)} interval wholly within it.",
                SamplesNeeded = double.IsFinite(gate.Needed) ? (int)Math.Min(SampleSizeEstimator.Cap, Math.Ceiling(gate.Needed)) : SampleSizeEstimator.Cap,
            },
        };
    }

    private static LookSummary Summarize(int index, int samplesPerCase, Judged look, LookStop? stop, int? next, bool journaled) =>
        new(index, samplesPerCase, look.Levels.Fraction, look.Levels.FailLevel, look.Levels.PassLevel,
            [.. look.Blocking.Select(static g =>
            {
                (double limit, bool higherIsWorse) = LimitOf(g.Fail.Spec);
                return new LookGateSummary(g.Fail.Spec.Kind, g.Fail.Name, g.Fail.Unit, g.State, EstimateOf(g.Fail), limit, higherIsWorse,
                    g.Fail.DeltaInterval, g.Pass.DeltaInterval);
            })],
            look.ModelCalls, look.SpendUsd, stop, next, journaled);

    /// <summary>Why the run stopped, in one sentence with the numbers.</summary>
    private static string StopReason(AdaptiveSettings settings, LookSummary final, Judged look, LookStop? stop)
    {
        string at = $"{Num.Count(final.Index, "look", "looks")} at {Num.Count(final.SamplesPerCase, "sample", "samples")} per case";
        string Undecided()
        {
            var undecided = look.Blocking.Where(static g => g.State == LookGateState.Undecided).ToArray();
            if (undecided.Length == 0)
            {
                return string.Empty;
            }

            JudgedGate worst = undecided.MaxBy(static g => g.Needed)!;
            string needed = double.IsFinite(worst.Needed) && worst.Needed < SampleSizeEstimator.Cap
                ? $"about {Num.Count((long)Math.Ceiling(worst.Needed))} samples per case would decide it"
                : $"more than {Num.Count(SampleSizeEstimator.Cap)} samples per case would be needed to decide it";
            string names = string.Join(", ", undecided.Select(static g => g.Fail.Name));
            return $": {names} still undecided; {Distance(worst.Fail)}; {needed}";
        }

        return stop switch
        {
            LookStop.Decided when look.Blocking.Any(static g => g.State == LookGateState.Fail) =>
                $"Decided after {at}: {string.Join(", ", look.Blocking.Where(static g => g.State == LookGateState.Fail).Select(static g => g.Fail.Name))} shown beyond its limit.",
            LookStop.Decided => $"Decided after {at}: every blocking gate shown within its limit.",
            LookStop.MaxSamples => $"Stopped at the cap of {Num.Count(settings.MaxSamples, "sample", "samples")} per case after {Num.Count(final.Index, "look", "looks")}{Undecided()}.",
            LookStop.MaxCost => $"Stopped at the cost cap of {Num.Usd(settings.MaxCostUsd)} after {at} ({Num.Usd(final.SpendUsd)} spent){Undecided()}.",
            _ => $"The run stopped in a round, before its look at {Num.Count(final.SamplesPerCase, "sample", "samples")} per case{Undecided()}.",
        };
    }

    /// <summary>How far a gate's estimate is from its limit, on the gate's scale (<see cref="GateScales"/>).</summary>
    private static string Distance(GateResult gate)
    {
        if (EstimateOf(gate) is not { } estimate)
        {
            return "it has no data yet";
        }

        GateKind kind = gate.Spec.Kind;
        (double limit, bool higherIsWorse) = LimitOf(gate.Spec);
        bool beyond = higherIsWorse ? estimate > limit : estimate < limit;
        double gap = Math.Abs(estimate - limit);
        string distance = GateScales.Of(kind) == GateScale.Relative ? Num.SignedPercent(gap) : Num.SignedPoints(gap);
        return $"its estimate {GateScales.Format(kind, estimate)} is {distance.TrimStart('+')} {(beyond ? "past" : "inside")} the limit ({GateScales.Format(kind, limit)})";
    }

    /// <summary>The limit on the estimate's scale and which way is worse.</summary>
    private static (double Limit, bool HigherIsWorse) LimitOf(GateSpec spec) => spec.Kind switch
    {
        GateKind.ComplianceFloor or GateKind.CorrectnessFloor => (spec.Threshold, false),
        GateKind.ComplianceDrop or GateKind.CorrectnessDrop => (-spec.Threshold, false),
        _ => (spec.Threshold, true),
    };

    /// <summary>The gate's estimate: its delta, or the candidate's value for a gate on one rate (floors, error rate).</summary>
    private static double? EstimateOf(GateResult gate) => gate.Delta ?? (gate.DeltaInterval is null ? null : gate.Candidate);

    /// <summary>One gate at a look: judged at the fail level and at the pass level, its state, and the samples per case that would decide it.</summary>
    private sealed record JudgedGate(GateResult Fail, GateResult Pass, LookGateState State, double Needed);

    /// <summary>A look's analysis, levels and gates, with the calls and spend up to it.</summary>
    private sealed record Judged(Measurement Measured, LookLevels Levels, ImmutableArray<JudgedGate> Gates, long ModelCalls, double? SpendUsd)
    {
        public JudgedGate[] Blocking => [.. Gates.Where(static g => g.Fail.Spec.Severity == GateSeverity.Blocking)];
    }
}
