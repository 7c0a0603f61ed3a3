using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Judges each gate as a three-zone non-inferiority decision on the interval at the run's confidence level
/// (see docs/statistics.md, "Gates"); single rates (the floors, the error rate) use the exact Clopper–Pearson
/// interval, so a FAIL at a true rate exactly at the limit happens at most (1 − level)/2 of the time:
/// FAIL when the whole interval is beyond the limit (the data shows a regression larger than allowed);
/// PASS when the point estimate is within the limit (the data does not show one);
/// INCONCLUSIVE when the estimate is beyond the limit but the interval still reaches back inside it.
/// </summary>
internal static class GateEvaluator
{
    private const double BoundaryTolerance = 1e-9;

    /// <summary>
    /// Every gate of the suite, in suite order; CostIncrease is left out without prices for both models,
    /// CandidateLifecycle when the candidate's lifecycle is unknown (the report says why), the correctness
    /// gates when the suite has no expectations, and QualityLoss when the suite has no judge.
    /// </summary>
    public static IEnumerable<GateResult> EvaluateAll(GateSettings settings, GateInputs inputs)
    {
        foreach (GateSpec spec in settings.Gates)
        {
            if (Evaluate(spec, inputs) is { } result)
            {
                yield return result;
            }
        }
    }

    /// <summary>One gate; null for a gate that cannot be judged from the journal (no prices, no lifecycle, no expectations, no judge).</summary>
    public static GateResult? Evaluate(GateSpec spec, GateInputs inputs) => spec.Kind switch
    {
        GateKind.ComplianceFloor => Floor(spec, inputs, Quality.Compliance, inputs.Compliance),
        GateKind.ComplianceDrop => Drop(spec, inputs, Quality.Compliance, inputs.Compliance),
        GateKind.CorrectnessFloor => inputs.Correctness is { } correct ? Floor(spec, inputs, Quality.Correctness, correct) : null,
        GateKind.CorrectnessDrop => inputs.Correctness is { } correct ? Drop(spec, inputs, Quality.Correctness, correct) : null,
        GateKind.LatencyP50Increase or GateKind.LatencyP99Increase when inputs.BatchMode => NotMeasuredInBatch(spec),
        GateKind.LatencyP50Increase => RelativeIncrease(spec, inputs, "p50 latency", "p50 latency", "ms", inputs.LatencyP50, inputs.LatencyP50Change),
        GateKind.LatencyP99Increase => RelativeIncrease(spec, inputs, "p99 latency", "p99 latency", "ms", inputs.LatencyP99, inputs.LatencyP99Change),
        GateKind.OutputTokensIncrease => RelativeIncrease(spec, inputs, "mean output tokens", "Mean output tokens", "tokens", inputs.MeanOutputTokens, inputs.MeanOutputTokensChange),
        GateKind.ErrorRate => ErrorRate(spec, inputs),
        GateKind.CostIncrease => inputs.MonthlyCost is null
            ? null
            : RelativeIncrease(spec, inputs, "monthly cost", "Monthly cost", "usd", inputs.MonthlyCost, inputs.MonthlyCostChange ?? []),
        GateKind.CandidateLifecycle => inputs.CandidateLifecycle is { } lifecycle ? CandidateLifecycle(spec, lifecycle) : null,
        GateKind.QualityLoss => inputs.Quality is { } quality ? QualityLoss(spec, inputs, quality) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, null),
    };

    /// <summary>
    /// The three-zone rule. <paramref name="higherIsWorse"/>: an increase hurts (latency, errors); otherwise a decrease
    /// does (compliance). Inclusive: an estimate exactly at the limit passes.
    /// </summary>
    public static GateState Decide(double estimate, Interval interval, double limit, bool higherIsWorse)
    {
        bool intervalBeyond = higherIsWorse ? interval.Lower > limit : interval.Upper < limit;
        // The tolerance keeps exact boundary cases (99/100 − 100/100 against a 1-point limit) inside despite rounding.
        bool estimateWithin = higherIsWorse ? estimate <= limit + BoundaryTolerance : estimate >= limit - BoundaryTolerance;
        return intervalBeyond ? GateState.Fail : estimateWithin ? GateState.Pass : GateState.Inconclusive;
    }

    private static GateResult Floor(GateSpec spec, GateInputs inputs, Quality quality, PairedRates rates)
    {
        string name = quality.Noun + " floor";
        double? baseline = Rate(rates.BaselinePassed, rates.BaselineAnswered);
        if (ProportionIntervals.ClopperPearson(rates.CandidatePassed, rates.CandidateAnswered, inputs.ConfidenceLevel) is not { } interval)
        {
            return NoData(spec, name, "rate", baseline, $"The candidate gave no answers, so its {quality.Noun} is unknown.");
        }

        double rate = (double)rates.CandidatePassed / rates.CandidateAnswered;
        GateState state = Decide(rate, interval, spec.Threshold, higherIsWorse: false);
        string measured = $"Candidate {quality.Noun} {Num.Percent(rate)} ({Ci(inputs)} {Num.Percent(interval.Lower)} to {Num.Percent(interval.Upper)}, {Num.Count(rates.CandidatePassed)}/{Num.Count(rates.CandidateAnswered)})";
        string floor = Num.Percent(spec.Threshold);
        string explanation = state switch
        {
            GateState.Fail => $"{measured} is below the {floor} floor.",
            GateState.Inconclusive => $"{measured} is under the {floor} floor, but the interval still reaches it.",
            _ when interval.Lower >= spec.Threshold => $"{measured} is above the {floor} floor.",
            _ => $"{measured} meets the {floor} floor; the interval does not yet exclude a lower rate.",
        };
        if (state != GateState.Pass && baseline is { } b && b < spec.Threshold - BoundaryTolerance)
        {
            explanation += $" The baseline misses the {floor} floor too ({Num.Percent(b)}): the floor may be set too high for this suite.";
        }

        return new GateResult(spec, name, "rate", state, baseline, rate, null, interval, explanation,
            Needed(state, rate, interval, spec.Threshold, inputs));
    }

    private static GateResult Drop(GateSpec spec, GateInputs inputs, Quality quality, PairedRates rates)
    {
        string name = quality.Noun + " drop";
        double? baseline = Rate(rates.BaselinePassed, rates.BaselineAnswered);
        double? candidate = Rate(rates.CandidatePassed, rates.CandidateAnswered);
        if (ProportionIntervals.NewcombeDifference(rates.CandidatePassed, rates.CandidateAnswered,
                rates.BaselinePassed, rates.BaselineAnswered, inputs.ConfidenceLevel) is not { } interval
            || baseline is not { } b || candidate is not { } c)
        {
            return NoData(spec, name, "rate", baseline, $"One arm gave no answers, so the {quality.Noun} change is unknown.");
        }

        double delta = c - b;
        double limit = -spec.Threshold;
        GateState state = Decide(delta, interval, limit, higherIsWorse: false);
        double p = ExactTests.SignTestOneSided(rates.CasesWorse, rates.CasesBetter);
        string measured = $"{quality.Subject} changed {Num.SignedPointValue(delta)} points ({Num.Percent(b)} to {Num.Percent(c)}; {Ci(inputs)} {Num.SignedPointValue(interval.Lower)} to {Num.SignedPointValue(interval.Upper)})";
        string cases = $"{Num.Count(rates.CasesWorse)} cases worse, {Num.Count(rates.CasesBetter)} better (exact sign test {Num.PValue(p)})";
        string allowed = $"{Num.PointValue(spec.Threshold)}-point limit";
        string explanation = state switch
        {
            GateState.Fail => $"{measured}, a larger drop than the {allowed}; {cases}.",
            GateState.Inconclusive => $"{measured}, beyond the {allowed} but within the noise; {cases}.",
            _ => $"{measured}, within the {allowed}; {cases}.",
        };
        return new GateResult(spec, name, "rate", state, b, c, delta, interval, explanation, Needed(state, delta, interval, limit, inputs));
    }

    private static GateResult RelativeIncrease(GateSpec spec, GateInputs inputs, string name, string subject, string unit,
        (double Baseline, double Candidate)? point, double[] replicates)
    {
        string gateName = name + " increase";
        if (point is not { } values || values.Baseline <= 0
            || CaseBootstrap.PercentileInterval(replicates, inputs.ConfidenceLevel) is not { } interval)
        {
            return NoData(spec, gateName, unit, point?.Baseline, $"Too few answers on one arm to compare {name}.");
        }

        double delta = (values.Candidate / values.Baseline) - 1;
        GateState state = Decide(delta, interval, spec.Threshold, higherIsWorse: true);
        string change = Num.SignedWholePercent(delta);
        string verb = change.StartsWith('+') ? "rose" : change.StartsWith('-') ? "fell" : "changed";
        string measured = $"{subject} {verb} {change.TrimStart('+', '-')} ({Ci(inputs)} {Num.SignedWholePercent(interval.Lower)} to {Num.SignedWholePercent(interval.Upper)})";
        string limit = $"{Num.SignedWholePercent(spec.Threshold).TrimStart('+')} limit";
        string explanation = state switch
        {
            GateState.Fail => $"{measured}, above the {limit}.",
            GateState.Inconclusive => $"{measured}, above the {limit} but the interval reaches below it.",
            _ when interval.Upper <= spec.Threshold => $"{measured}, within the {limit}.",
            _ => $"{measured}, within the {limit}; the interval does not yet exclude a larger rise.",
        };
        return new GateResult(spec, gateName, unit, state, values.Baseline, values.Candidate, delta, interval, explanation,
            Needed(state, delta, interval, spec.Threshold, inputs));
    }

    private static GateResult ErrorRate(GateSpec spec, GateInputs inputs)
    {
        const string name = "error rate";
        double? baseline = Rate(inputs.BaselineErrors, inputs.BaselineFinished);
        if (ProportionIntervals.ClopperPearson(inputs.CandidateErrors, inputs.CandidateFinished, inputs.ConfidenceLevel) is not { } interval)
        {
            return NoData(spec, name, "rate", baseline, "No candidate attempt finished, so its error rate is unknown.");
        }

        double rate = (double)inputs.CandidateErrors / inputs.CandidateFinished;
        GateState state = Decide(rate, interval, spec.Threshold, higherIsWorse: true);
        string measured = $"Candidate error rate {Num.Percent(rate)} ({Ci(inputs)} {Num.Percent(interval.Lower)} to {Num.Percent(interval.Upper)}, {Num.Count(inputs.CandidateErrors)}/{Num.Count(inputs.CandidateFinished)})";
        string limit = $"{Num.Percent(spec.Threshold)} limit";
        string explanation = state switch
        {
            GateState.Fail => $"{measured} is above the {limit}.",
            GateState.Inconclusive => $"{measured} is over the {limit}, but the interval still reaches below it.",
            _ => $"{measured} is within the {limit}.",
        };
        return new GateResult(spec, name, "rate", state, baseline, rate, null, interval, explanation,
            Needed(state, rate, interval, spec.Threshold, inputs));
    }

    /// <summary>
    /// The judge's quality gate: net loss = (losses − wins) / pairs judged in both orders, pooled over the cases; its
    /// interval by bootstrap over cases; an exact sign test on the cases with more losses than wins against those with
    /// more wins. <see cref="GateResult.Baseline"/> is the share of pairs the other answer won (the baseline's, or the
    /// reference), <see cref="GateResult.Candidate"/> the share the candidate won, <see cref="GateResult.Delta"/> their
    /// difference.
    /// </summary>
    private static GateResult QualityLoss(GateSpec spec, GateInputs inputs, QualityLossInputs quality)
    {
        const string name = "quality loss";
        string other = quality.Mode == JudgeMode.Reference ? "the reference" : "the baseline's answer";
        int left = quality.JudgeFailed + quality.NotJudged;
        string leftOut = left == 0
            ? string.Empty
            : $"; {Num.Count(left)} of {Num.Count(quality.Pairs)} pairs left out ({Num.Count(quality.JudgeFailed)} judge failed, {Num.Count(quality.NotJudged)} without an answer to judge)";
        if (quality.Judged == 0 || CaseBootstrap.PercentileInterval(quality.NetLossReplicates, inputs.ConfidenceLevel) is not { } interval)
        {
            return NoData(spec, name, "rate", null,
                $"The judge gave a valid verdict in both orders on {Num.Count(quality.Judged)} of {Num.Count(quality.Pairs)} pairs ({Num.Count(quality.JudgeFailed)} judge failed, {Num.Count(quality.NotJudged)} without an answer to judge), too few to measure the quality loss.");
        }

        double lossRate = (double)quality.Losses / quality.Judged;
        double winRate = (double)quality.Wins / quality.Judged;
        double netLoss = lossRate - winRate;
        GateState state = Decide(netLoss, interval, spec.Threshold, higherIsWorse: true);
        double p = ExactTests.SignTestOneSided(quality.CasesWorse, quality.CasesBetter);
        string measured = $"The judge preferred {other} in {Num.Count(quality.Losses)} and the candidate's in {Num.Count(quality.Wins)} of {Num.Count(quality.Judged)} pairs judged in both orders: net quality loss {Num.SignedPointValue(netLoss)} points ({Ci(inputs)} {Num.SignedPointValue(interval.Lower)} to {Num.SignedPointValue(interval.Upper)})";
        string cases = $"{Num.Count(quality.CasesWorse)} cases worse, {Num.Count(quality.CasesBetter)} better (exact sign test {Num.PValue(p)}){leftOut}";
        string allowed = $"{Num.PointValue(spec.Threshold)}-point limit";
        string explanation = state switch
        {
            GateState.Fail => $"{measured}, more than the {allowed}; {cases}.",
            GateState.Inconclusive => $"{measured}, beyond the {allowed} but within the noise; {cases}.",
            _ => $"{measured}, within the {allowed}; {cases}.",
        };
        return new GateResult(spec, name, "rate", state, lossRate, winRate, netLoss, interval, explanation,
            Needed(state, netLoss, interval, spec.Threshold, inputs));
    }

    private static GateResult CandidateLifecycle(GateSpec spec, ArmLifecycle candidate)
    {
        const string name = "candidate lifecycle";
        var facts = candidate.Facts;
        string stage = Lifecycle.LifecycleStageText.Of(candidate.Stage);
        if (candidate.Stage < Lifecycle.LifecycleStage.Legacy)
        {
            return new GateResult(spec, name, "stage", GateState.Pass, null, null, null, null,
                $"The candidate {facts.ModelId} is {stage} at the start of the run.", null);
        }

        string deadline = facts.EndOfLifeTime is { } eol
            ? $" (end of life {eol.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}, {Num.Count(candidate.DaysLeft ?? 0)} days after the run started)"
            : string.Empty;
        return new GateResult(spec, name, "stage", GateState.Fail, null, null, null, null,
            $"The candidate {facts.ModelId} is itself {stage}{deadline}: you would migrate onto a deprecated model.", null);
    }

    /// <summary>
    /// Whether a gate passes at the run's confidence level, not only on its estimate: its whole interval is inside
    /// the limit (a gate judged without statistics, the lifecycle, counts when it passes).
    /// </summary>
    public static bool PassesAtLevel(GateResult gate)
    {
        if (gate.State != GateState.Pass)
        {
            return false;
        }

        double threshold = gate.Spec.Threshold;
        return gate.Spec.Kind switch
        {
            GateKind.CandidateLifecycle => true,
            _ when gate.DeltaInterval is null => false,
            GateKind.ComplianceFloor or GateKind.CorrectnessFloor => gate.DeltaInterval!.Lower >= threshold - BoundaryTolerance,
            GateKind.ComplianceDrop or GateKind.CorrectnessDrop => gate.DeltaInterval!.Lower >= -threshold - BoundaryTolerance,
            _ => gate.DeltaInterval!.Upper <= threshold + BoundaryTolerance,
        };
    }

    /// <summary>A latency gate of a batch run: the jobs report no per-call latency, so there is nothing to judge.</summary>
    private static GateResult NotMeasuredInBatch(GateSpec spec)
    {
        var name = spec.Kind == GateKind.LatencyP50Increase ? "p50 latency increase" : "p99 latency increase";
        return new GateResult(spec, name, "ms", GateState.NotMeasured, null, null, null, null,
            $"{char.ToUpperInvariant(name[0])}{name[1..]} is not measured in batch mode: a batch job reports no per-call latency; measure it with an on-demand run (without --batch).",
            null);
    }

    private static GateResult NoData(GateSpec spec, string name, string unit, double? baseline, string explanation) =>
        new(spec, name, unit, GateState.Inconclusive, baseline, null, null, null, explanation, null);

    private static int? Needed(GateState state, double estimate, Interval interval, double limit, GateInputs inputs) =>
        state == GateState.Inconclusive
            ? SampleSizeEstimator.SamplesPerCase(estimate, interval, limit, inputs.SamplesPerCase, inputs.ConfidenceLevel)
            : null;

    private static double? Rate(int successes, int trials) => trials == 0 ? null : (double)successes / trials;

    private static string Ci(GateInputs inputs) => Num.Level(inputs.ConfidenceLevel) + " CI";

    /// <summary>How a quality of the answers is named in gate names ("format compliance floor") and explanations.</summary>
    private sealed record Quality(string Noun)
    {
        public static Quality Compliance { get; } = new("format compliance");

        public static Quality Correctness { get; } = new("correctness");

        public string Subject => char.ToUpperInvariant(Noun[0]) + Noun[1..];
    }
}
