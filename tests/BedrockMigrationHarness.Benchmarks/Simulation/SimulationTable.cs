using System.Diagnostics;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Simulation;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Benchmarks.Simulation;

/// <summary>
/// <c>dotnet run -c Release --project tests/BedrockMigrationHarness.Benchmarks -- simulate [runs]</c>: the verdict's
/// measured error rates (docs/statistics.md, "Measured error rates"); <c>-- simulate-judge [runs]</c>: the quality gate's
/// (docs/statistics.md, "Judge"); <c>-- simulate-adaptive [runs]</c>: adaptive sampling against fixed sizes
/// (docs/statistics.md, "Adaptive sampling"); <c>-- simulate-selection [runs]</c>: choosing the best of several candidates
/// (docs/statistics.md, "Choosing among several candidates").
/// </summary>
internal static class SimulationTable
{
    /// <summary>Runs per row of <c>-- simulate-adaptive</c> when no number is given.</summary>
    public const int AdaptiveRuns = 80;

    private const int Seed = 1_000_003;


    /// <summary>The default gates with the p99 latency gate blocking, for the tail-latency rows.</summary>
    private static GateSettings P99Blocking { get; } = GateSettings.Default with
    {
        Gates = [.. GateSettings.Default.Gates.Select(static g => g.Kind == GateKind.LatencyP99Increase ? g with { Severity = GateSeverity.Blocking } : g)],
    };

    /// <summary>
    /// k candidates identical in truth against one baseline (realistic: 2% format faults, 90% correctness): the best-looking
    /// one's optimism and interval coverage, and how often one of them may go, against a candidate chosen before the run.
    /// </summary>
    public static void RunSelection(TextWriter output, int runs = 1000)
    {
        GateSettings defaults = GateSettings.Default;
        output.WriteLine(Invariant($"{runs} runs per row; {SelectionResamples} bootstrap resamples; confidence level {defaults.ConfidenceLevel}; the best = the highest correctness estimate."));
        output.WriteLine();
        output.WriteLine("| candidates, truth | cases x samples | k | best's optimism: mean / 95th pct (points) | chosen-before's mean (points) | interval holds the truth: best / chosen-before | some candidate may go | chosen-before may go | best may go |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, drop) in new[] { ("identical to the baseline (90%)", 0.0), ("all 8 points worse (82%, past the 5-point limit)", 0.08) })
        {
            foreach (var (cases, samples) in new[] { (20, 5), (50, 10) })
            {
                foreach (var k in new[] { 1, 3 })
                {
                    var scenario = new SimulationScenario(name, cases, samples, 0, 0, defaults).Realistic() with { CorrectnessDrop = drop };
                    var o = SelectionSimulation.Run(scenario, k, runs, Seed, SelectionResamples);
                    output.WriteLine(Invariant(
                        $"| {name} | {cases} x {samples} | {k} | {Points(o.PickedOptimism)} / {Points(o.PickedOptimismP95)} | {Points(o.SingleOptimism)} | {Pct(o.PickedCoverage)} / {Pct(o.SingleCoverage)} | {Pct(o.AnyMayGo)} | {Pct(o.SingleMayGo)} | {Pct(o.PickedMayGo)} |"));
                }
            }
        }
    }

    /// <summary>Bootstrap resamples of the selection simulation: its figures read the correctness estimate and its Wilson interval, which need none.</summary>
    private const int SelectionResamples = 200;

    private static string Points(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static void Run(TextWriter output, int runs = 2000)
    {
        GateSettings defaults = GateSettings.Default;
        GateSettings p99Blocking = P99Blocking;

        SimulationScenario[] scenarios =
        [
            new("identical arms", 20, 5, 0, 0, defaults),
            new SimulationScenario("identical arms, realistic baseline", 20, 5, 0, 0, defaults).Realistic(),
            new("compliance -3 points", 20, 5, 0.03, 0, defaults),
            new SimulationScenario("correctness 90% → 85%", 20, 5, 0, 0, defaults).Realistic() with { CorrectnessDrop = 0.05 },
            new SimulationScenario("correctness 90% → 80%", 20, 5, 0, 0, defaults).Realistic() with { CorrectnessDrop = 0.10 },
            new SimulationScenario("p50 latency +25% (whole distribution)", 20, 5, 0, 0, defaults) with { MedianSlowdown = 0.25 },
            new("p99 latency +25% (p99 gate blocking)", 20, 5, 0, 0.25, p99Blocking),
            new("identical arms", 20, 20, 0, 0, defaults),
            new SimulationScenario("identical arms, realistic baseline", 20, 20, 0, 0, defaults).Realistic(),
            new("compliance -3 points", 20, 20, 0.03, 0, defaults),
            new SimulationScenario("correctness 90% → 85%", 20, 20, 0, 0, defaults).Realistic() with { CorrectnessDrop = 0.05 },
            new SimulationScenario("correctness 90% → 80%", 20, 20, 0, 0, defaults).Realistic() with { CorrectnessDrop = 0.10 },
            new SimulationScenario("p50 latency +25% (whole distribution)", 20, 20, 0, 0, defaults) with { MedianSlowdown = 0.25 },
            new("p99 latency +25% (p99 gate blocking)", 20, 20, 0, 0.25, p99Blocking),
            new("p99 latency +50% (p99 gate blocking)", 20, 20, 0, 0.50, p99Blocking),
        ];

        output.WriteLine(Invariant($"{runs} runs per row; {RunAnalyzer.DefaultResamples} bootstrap resamples; confidence level {defaults.ConfidenceLevel}; Monte-Carlo standard error in brackets."));
        output.WriteLine();
        output.WriteLine("| scenario | cases x samples | GO | GO WITH WARNINGS | INCONCLUSIVE | NO-GO | gates failing / inconclusive (share of runs) | cases flagged: p50 latency / any (share of cases) |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (SimulationScenario scenario in scenarios)
        {
            var watch = Stopwatch.StartNew();
            SimulationOutcome outcome = GateSimulation.Run(scenario, runs, Seed, RunAnalyzer.DefaultResamples);
            output.WriteLine(Invariant($"| {scenario.Name} | {scenario.Cases} x {scenario.Samples} | {Cell(outcome, outcome.Go)} | {Cell(outcome, outcome.GoWithWarnings)} | {Cell(outcome, outcome.Inconclusive)} | {Cell(outcome, outcome.NoGo)} | {Gates(outcome)} | {outcome.CaseRate(outcome.CasesLatencyFlagged) * 100:0.0}% / {outcome.CaseRate(outcome.CasesFlagged) * 100:0.0}% |"));
            Console.Error.WriteLine(Invariant($"  ({scenario.Name}, {scenario.Cases} x {scenario.Samples}: {watch.Elapsed.TotalSeconds:0.0} s)"));
        }
    }

    /// <summary>
    /// <c>-- simulate-judge [runs]</c>: the quality gate's measured error rates under a judge of accuracy 0.8 and position
    /// bias 0.1 (docs/statistics.md, "Judge").
    /// </summary>
    public static void RunJudge(TextWriter output, int runs = 2000)
    {
        // A worse candidate answer (of the 99.5% compliant ones) costs 0.82 × 0.72 − 0.09 × 0.19 = 0.5733 points of net loss
        // per pair under this judge, so this share puts the true net loss on the gate's 5-point limit.
        const double AtTheLimit = 0.05 / (0.995 * 0.5733);
        var judge = new SimulatedJudge(Accuracy: 0.8, PositionBias: 0.1);
        GateSettings defaults = GateSettings.Default;
        SimulationScenario[] scenarios =
        [
            .. new[] { 5, 20 }.SelectMany(samples => new[]
            {
                new SimulationScenario("identical arms", 20, samples, 0, 0, defaults).WithJudge(judge, 0, 0),
                new SimulationScenario("identical arms, both 20% worse answers", 20, samples, 0, 0, defaults).WithJudge(judge, 0.20, 0.20),
                new SimulationScenario("candidate worse on 20% of answers", 20, samples, 0, 0, defaults).WithJudge(judge, 0, 0.20),
                new SimulationScenario("candidate worse on 8.77% of answers (true net loss at the 5-point limit)", 20, samples, 0, 0, defaults)
                    .WithJudge(judge, 0, AtTheLimit),
            }),
        ];

        output.WriteLine(Invariant($"{runs} runs per row; {RunAnalyzer.DefaultResamples} bootstrap resamples; confidence level {defaults.ConfidenceLevel}; judge accuracy {judge.Accuracy}, position bias {judge.PositionBias}; quality-loss limit {GateSettings.QualityLossDefault.Threshold}; Monte-Carlo standard error in brackets."));
        output.WriteLine();
        output.WriteLine("| scenario | cases x samples | quality gate FAIL | INCONCLUSIVE | PASS | verdict NO-GO | mean net loss | mean position bias | mean agreement |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (SimulationScenario scenario in scenarios)
        {
            var watch = Stopwatch.StartNew();
            SimulationOutcome outcome = GateSimulation.Run(scenario, runs, Seed, RunAnalyzer.DefaultResamples);
            int fails = outcome.GateFails.GetValueOrDefault(GateKind.QualityLoss);
            int inconclusive = outcome.GateInconclusives.GetValueOrDefault(GateKind.QualityLoss);
            JudgeMeans means = outcome.Judge!;
            output.WriteLine(Invariant($"| {scenario.Name} | {scenario.Cases} x {scenario.Samples} | {Cell(outcome, fails)} | {Cell(outcome, inconclusive)} | {Cell(outcome, runs - fails - inconclusive)} | {Cell(outcome, outcome.NoGo)} | {means.NetLoss * 100:+0.0;-0.0;0.0} points | {means.PositionBias * 100:0.0}% | {means.Agreement * 100:0.0}% |"));
            Console.Error.WriteLine(Invariant($"  ({scenario.Name}, {scenario.Cases} x {scenario.Samples}: {watch.Elapsed.TotalSeconds:0.0} s)"));
        }
    }

    /// <summary>
    /// <c>-- simulate-adaptive [runs]</c>: the scenarios of issue 16 under fixed 20 × 5 and 20 × 20 and under adaptive
    /// sampling from a first round of 5 samples per case (docs/statistics.md, "Adaptive sampling"): verdict shares, the
    /// samples per case the runs took, their calls against fixed 20 × 20, and why the adaptive runs stopped.
    /// </summary>
    public static void RunAdaptive(TextWriter output, int runs = AdaptiveRuns)
    {
        GateSettings defaults = GateSettings.Default;
        SimulationScenario[] scenarios =
        [
            new("identical arms", 20, 5, 0, 0, defaults),
            new SimulationScenario("identical arms, realistic baseline", 20, 5, 0, 0, defaults).Realistic(),
            new("compliance -3 points", 20, 5, 0.03, 0, defaults),
            new SimulationScenario("p50 latency +25% (whole distribution)", 20, 5, 0, 0, defaults) with { MedianSlowdown = 0.25 },
            new("p99 latency +50% (p99 gate blocking)", 20, 5, 0, 0.50, P99Blocking),
        ];
        SimulationDesign reference = new("fixed 20 x 20", 20, null);
        SimulationDesign[] designs =
        [
            new("fixed 20 x 5", 5, null),
            reference,
            new("adaptive Pocock, 5 to max 100", 5, AdaptiveSettings.Default with { Spending = SpendingFunction.Pocock }),
            new("adaptive Pocock, pass confidence 0.80, 5 to max 100", 5, AdaptiveSettings.Default with { Spending = SpendingFunction.Pocock, PassConfidence = 0.80 }),
            new("adaptive O'Brien-Fleming, 5 to max 100", 5, AdaptiveSettings.Default with { Spending = SpendingFunction.OBrienFleming }),
        ];

        output.WriteLine(Invariant($"{runs} runs per row; {RunAnalyzer.DefaultResamples} bootstrap resamples (as a real run's looks); confidence level {defaults.ConfidenceLevel}; adaptive: pass confidence {AdaptiveSettings.DefaultPassConfidence} unless the design says otherwise, no cost cap; Monte-Carlo standard error in brackets."));
        output.WriteLine();
        output.WriteLine("| scenario | design | GO | GO WITH WARNINGS | INCONCLUSIVE | NO-GO | samples per case: mean / p95 | calls vs fixed 20 x 20 | adaptive stops: decided / max samples |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (SimulationScenario scenario in scenarios)
        {
            var outcomes = new List<DesignOutcome>(designs.Length);
            foreach (SimulationDesign design in designs)
            {
                var watch = Stopwatch.StartNew();
                outcomes.Add(AdaptiveSimulation.Run(scenario, design, runs, Seed));
                Console.Error.WriteLine(Invariant($"  ({scenario.Name}, {design.Name}: {watch.Elapsed.TotalSeconds:0.0} s)"));
            }

            double referenceCalls = outcomes.Single(o => o.Design == reference).MeanCalls;
            foreach (DesignOutcome outcome in outcomes)
            {
                SimulationDesign design = outcome.Design;
                SimulationOutcome verdicts = outcome.Verdicts;
                string stops = design.Adaptive is null ? "" : Invariant($"{Share(outcome, LookStop.Decided)} / {Share(outcome, LookStop.MaxSamples)}");
                output.WriteLine(Invariant($"| {scenario.Name} | {design.Name} | {Cell(verdicts, verdicts.Go)} | {Cell(verdicts, verdicts.GoWithWarnings)} | {Cell(verdicts, verdicts.Inconclusive)} | {Cell(verdicts, verdicts.NoGo)} | {outcome.MeanSamplesPerCase:0.0} / {outcome.P95SamplesPerCase:0} | {outcome.MeanCalls / referenceCalls:0.00} | {stops} |"));
            }
        }
    }

    /// <summary>
    /// <c>-- simulate-fixed-power [runs]</c>: how large a fixed design must be to match the adaptive design's power on a
    /// 3-point compliance drop, and what it costs on identical arms (docs/statistics.md, "Adaptive sampling").
    /// </summary>
    public static void RunFixedPower(TextWriter output, int runs = AdaptiveRuns)
    {
        GateSettings defaults = GateSettings.Default;
        SimulationScenario[] scenarios =
        [
            new("identical arms", 20, 5, 0, 0, defaults),
            new("compliance -3 points", 20, 5, 0.03, 0, defaults),
        ];
        int[] sizes = [20, 40, 60, 80];
        output.WriteLine(Invariant($"{runs} runs per row; {RunAnalyzer.DefaultResamples} bootstrap resamples; confidence level {defaults.ConfidenceLevel}; Monte-Carlo standard error in brackets."));
        output.WriteLine();
        output.WriteLine("| scenario | design | GO | GO WITH WARNINGS | INCONCLUSIVE | NO-GO | calls vs fixed 20 x 20 |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (SimulationScenario scenario in scenarios)
        {
            foreach (int samples in sizes)
            {
                var watch = Stopwatch.StartNew();
                SimulationOutcome verdicts = AdaptiveSimulation.Run(scenario, new SimulationDesign(Invariant($"fixed 20 x {samples}"), samples, null), runs, Seed).Verdicts;
                Console.Error.WriteLine(Invariant($"  ({scenario.Name}, 20 x {samples}: {watch.Elapsed.TotalSeconds:0.0} s)"));
                output.WriteLine(Invariant($"| {scenario.Name} | fixed 20 x {samples} | {Cell(verdicts, verdicts.Go)} | {Cell(verdicts, verdicts.GoWithWarnings)} | {Cell(verdicts, verdicts.Inconclusive)} | {Cell(verdicts, verdicts.NoGo)} | {samples / 20.0:0.00} |"));
            }
        }
    }

    private static string Share(DesignOutcome outcome, LookStop stop) =>
        Invariant($"{outcome.Verdicts.Rate(outcome.Stops.GetValueOrDefault(stop)) * 100:0.0}%");

    private static string Cell(SimulationOutcome outcome, int count)
    {
        double rate = outcome.Rate(count);
        return Invariant($"{rate * 100:0.0}% ({outcome.StandardError(rate) * 100:0.0})");
    }

    private static string Gates(SimulationOutcome outcome)
    {
        var parts = new List<string>();
        foreach (GateKind kind in Enum.GetValues<GateKind>())
        {
            int fails = outcome.GateFails.GetValueOrDefault(kind);
            int inconclusive = outcome.GateInconclusives.GetValueOrDefault(kind);
            if (fails + inconclusive > 0)
            {
                parts.Add(Invariant($"{kind} {outcome.Rate(fails) * 100:0.0}% / {outcome.Rate(inconclusive) * 100:0.0}%"));
            }
        }

        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
