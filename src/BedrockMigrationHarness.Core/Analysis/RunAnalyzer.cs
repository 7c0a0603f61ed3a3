using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Computes everything the reports show from a journal alone: checks, arm and case statistics, gates, verdict.</summary>
internal static class RunAnalyzer
{
    /// <summary>The default bootstrap seed: analysing the same journal twice gives the same intervals.</summary>
    public const int DefaultSeed = 20261125;

    /// <summary>The default number of bootstrap resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>The fewest resamples <see cref="ResamplesFor"/> chooses for a very large journal.</summary>
    public const int MinimumResamples = 200;

    /// <summary>Values gathered over all resamples that keep the bootstrap to a second or two.</summary>
    private const long BootstrapBudget = 200_000_000;

    private static readonly Arm[] Arms = [Arm.Baseline, Arm.Candidate, Arm.BaselineRepeat];

    /// <summary>
    /// Analyses a journal as read: its effective records, its end and (for an adaptive run) its looks, with
    /// <see cref="ResamplesFor"/> bootstrap resamples.
    /// </summary>
    public static ReportData Analyze(JournalContents journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ImmutableArray<AttemptRecord> records = journal.EffectiveRecords();
        return Analyze(journal.Header, records, journal.End, DefaultSeed, ResamplesFor(records.Length),
            new ResponseChecker(journal.Header.Suite.Cases), journal.Looks) with { BatchJobs = journal.BatchJobs };
    }

    /// <summary>Analyses a journal with <see cref="ResamplesFor"/> bootstrap resamples (2,000 up to 100,000 records).</summary>
    /// <param name="records">Every record of the journal, retried calls included, in any order.</param>
    /// <param name="end">The journal's end record; null means the run did not finish (reported as interrupted).</param>
    /// <exception cref="ArgumentException">A case's schema or pattern does not compile.</exception>
    public static ReportData Analyze(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, int bootstrapSeed = DefaultSeed) =>
        Analyze(header, records, end, bootstrapSeed, ResamplesFor(records.Count));

    /// <summary>
    /// <see cref="DefaultResamples"/> up to 100,000 records, then fewer (never under <see cref="MinimumResamples"/>) so a
    /// million-record journal still analyses in seconds; with that many answers the intervals are narrow anyway.
    /// </summary>
    public static int ResamplesFor(int recordCount) =>
        (int)Math.Clamp(BootstrapBudget / Math.Max(1, recordCount), MinimumResamples, DefaultResamples);

    /// <summary>Analyses a journal with the given number of bootstrap resamples (the simulation uses fewer).</summary>
    public static ReportData Analyze(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, int bootstrapSeed, int bootstrapResamples) =>
        Analyze(header, records, end, bootstrapSeed, bootstrapResamples, new ResponseChecker(header.Suite.Cases));

    /// <summary>As above with a checker built once by the caller (many analyses of one suite).</summary>
    public static ReportData Analyze(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, int bootstrapSeed, int bootstrapResamples, ResponseChecker checker) =>
        Analyze(header, records, end, bootstrapSeed, bootstrapResamples, checker, []);

    /// <summary>
    /// As above, with the looks of an adaptive run (suite key <c>adaptive:</c>): its gates are decided on the repeated
    /// intervals of its last look and <see cref="RunAnalysis.Adaptive"/> shows every look (<see cref="AdaptiveAnalyzer"/>).
    /// A fixed-size run ignores <paramref name="looks"/>.
    /// </summary>
    public static ReportData Analyze(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, int bootstrapSeed, int bootstrapResamples,
        ResponseChecker checker, ImmutableArray<LookRecord> looks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrapResamples, 1);
        if (header.Suite.Adaptive is not null)
        {
            return AdaptiveAnalyzer.Final(header, records, end, new AnalysisOptions(bootstrapSeed, bootstrapResamples, checker), looks);
        }

        Measurement measured = Measure(header, records, end, new AnalysisOptions(bootstrapSeed, bootstrapResamples, checker), header.Suite.Samples);
        return measured.Report([.. GateEvaluator.EvaluateAll(header.Suite.Gates, measured.Inputs)]);
    }

    /// <summary>
    /// Everything but the gates and the verdict, from the records, for a plan of <paramref name="samplesPerCase"/> samples
    /// per case: the checks, the arms' and cases' statistics, the cost, the judge, and the gates' inputs.
    /// </summary>
    internal static Measurement Measure(JournalHeader header, IReadOnlyList<AttemptRecord> records, JournalEnd? end, AnalysisOptions options, int samplesPerCase)
    {
        // A shard's run is about the shard's cases: its plan, its case table and its totals (a merged run has no shard).
        SuiteDefinition suite = header.Shard is { } shard
            ? header.Suite with { Cases = [.. header.Suite.Cases.Where(c => shard.Contains(c.Id))] }
            : header.Suite;
        double level = suite.Gates.ConfidenceLevel;
        var caseIndex = new Dictionary<string, int>(suite.Cases.Length, StringComparer.Ordinal);
        for (int i = 0; i < suite.Cases.Length; i++)
        {
            caseIndex[suite.Cases[i].Id] = i;
        }

        var data = new ArmData[Arms.Length];
        for (int a = 0; a < Arms.Length; a++)
        {
            data[a] = new ArmData(Arms[a], Arms[a] == Arm.Candidate ? suite.CandidateModelId : suite.BaselineModelId, suite.Cases, measuresLatency: suite.Batch is null);
        }

        CheckResult?[] checks = CheckAll(suite, records, caseIndex, options.Checker);
        var attempts = ImmutableArray.CreateBuilder<CheckedAttempt>();
        for (int r = 0; r < records.Count; r++)
        {
            AttemptRecord record = records[r];
            // Records of cases the frozen suite does not hold cannot belong to this plan.
            if (!caseIndex.TryGetValue(record.CaseId, out int index))
            {
                continue;
            }

            if (record.Arm.IsJudge())
            {
                // The judge's calls are listed (attempts.csv, errors) but are no arm's answers: only the judge's summary reads them.
                attempts.Add(new CheckedAttempt(record, null));
                continue;
            }

            ArmData arm = data[(int)record.Arm];
            arm.AddCall(record);

            if (!record.Final)
            {
                // Retried tries are shown (errors section, attempts.csv) but never analysed as answers.
                arm.RetriedCalls++;
                attempts.Add(new CheckedAttempt(record, null));
                continue;
            }

            var attempt = new CheckedAttempt(record, checks[r]);
            attempts.Add(attempt);
            arm.Cases[index].Add(attempt);
        }

        ArmData baseline = data[(int)Arm.Baseline];
        ArmData candidate = data[(int)Arm.Candidate];
        ArmData repeat = data[(int)Arm.BaselineRepeat];
        ArmData[] analysed = repeat.HasRecords ? [baseline, candidate, repeat] : [baseline, candidate];
        BootstrapReplicates replicates = BootstrapReplicates.Compute(analysed, options.Resamples, options.Seed);

        int planned = suite.Cases.Length * samplesPerCase;
        ArmSummary baseSummary = ArmSummarizer.Summarize(baseline, 0, replicates, planned, level);
        ArmSummary candSummary = ArmSummarizer.Summarize(candidate, 1, replicates, planned, level);
        ArmSummary? repeatSummary = repeat.HasRecords ? ArmSummarizer.Summarize(repeat, 2, replicates, planned, level) : null;

        double latencyLimit = suite.Gates.Gates.FirstOrDefault(static g => g.Kind == GateKind.LatencyP50Increase)?.Threshold ?? 0.20;
        ImmutableArray<CaseComparison> cases = CaseComparer.CompareAll(suite.Cases, baseline, candidate, repeat.HasRecords ? repeat : null,
            latencyLimit, 1 - level);
        LifecycleSummary? lifecycle = LifecycleSummary.From(header);
        CostSummary? cost = CostAnalyzer.Analyze(header, baseSummary, candSummary, replicates, records);
        JudgeAnalysis? judge = suite.Judge is { } settings
            ? JudgeAnalyzer.Analyze(suite, settings, records, header.Pricing, options.Resamples, options.Seed)
            : null;
        GateInputs inputs = GateInputsOf(suite, samplesPerCase, baseline, candidate, baseSummary, candSummary, replicates) with
        {
            MonthlyCost = cost is null ? null : (cost.Baseline.Monthly.Value, cost.Candidate.Monthly.Value),
            MonthlyCostChange = CostAnalyzer.MonthlyChangeReplicates(cost, replicates),
            CandidateLifecycle = lifecycle?.Candidate is { Stage: not Lifecycle.LifecycleStage.Unknown } known ? known : null,
            Quality = judge?.Gate,
            BatchMode = suite.Batch is not null,
        };

        var run = new RunInfo(
            suite.Name,
            header.SuiteFile,
            suite.BaselineModelId,
            suite.CandidateModelId,
            suite.Region,
            suite.Cases.Length,
            samplesPerCase,
            header.StartedAt,
            end?.EndedAt,
            end?.Status ?? RunStatus.Interrupted,
            end is null ? "the journal has no end record" : end.Message,
            header.Fingerprint,
            level,
            Percentiles.EstimatorName)
        {
            Shard = header.Shard,
            SuiteCaseCount = header.Suite.Cases.Length,
        };

        var analysis = new RunAnalysis(run, baseSummary, candSummary, repeatSummary, cases, [], new VerdictResult(Verdict.Inconclusive, [], 0), lifecycle, cost)
        {
            Requests = RequestComparer.Compare(suite),
            Compatibility = CompatibilityAnalyzer.Find(suite, records),
            Reference = ReferenceAnalyzer.Analyze(suite.Cases, baseline, candidate, level, options.Resamples, options.Seed),
            Judge = judge?.Summary,
        };
        return new Measurement(header, analysis, inputs, attempts.ToImmutable());
    }

    /// <summary>Checks every final answer, in parallel: schema validation is the costliest step of a large journal.</summary>
    private static CheckResult?[] CheckAll(SuiteDefinition suite, IReadOnlyList<AttemptRecord> records,
        Dictionary<string, int> caseIndex, ResponseChecker checker)
    {
        var checks = new CheckResult?[records.Count];
        Parallel.For(0, records.Count, r =>
        {
            AttemptRecord record = records[r];
            if (record is { Final: true, Outcome: CallOutcome.Success } && !record.Arm.IsJudge() && caseIndex.TryGetValue(record.CaseId, out int index))
            {
                checks[r] = checker.Check(suite.Cases[index], record.Text, record.ToolCalls);
            }
        });
        return checks;
    }

    private static GateInputs GateInputsOf(SuiteDefinition suite, int samplesPerCase, ArmData baseline, ArmData candidate,
        ArmSummary baseSummary, ArmSummary candSummary, BootstrapReplicates replicates) =>
        new(
            suite.Gates.ConfidenceLevel,
            samplesPerCase,
            Paired(baseline, candidate, static c => c.Compliant, static _ => true),
            baseline.Cases.Any(static c => c.HasExpectations)
                ? Paired(baseline, candidate, static c => c.ExpectationsMet, static c => c.HasExpectations)
                : null,
            baseline.Sum(static c => c.Errors),
            baseline.Sum(static c => c.Finished),
            candidate.Sum(static c => c.Errors),
            candidate.Sum(static c => c.Finished),
            Pair(baseSummary.Latency.P50, candSummary.Latency.P50),
            CaseBootstrap.RelativeChange(replicates.Latency[1][0], replicates.Latency[0][0]),
            Pair(baseSummary.Latency.P99, candSummary.Latency.P99),
            CaseBootstrap.RelativeChange(replicates.Latency[1][2], replicates.Latency[0][2]),
            baseSummary.Answered > 0 && candSummary.Answered > 0 && baseSummary.MeanOutputTokens.Interval is not null
                ? (baseSummary.MeanOutputTokens.Value, candSummary.MeanOutputTokens.Value)
                : null,
            CaseBootstrap.RelativeChange(replicates.OutputTokenMeans[1], replicates.OutputTokenMeans[0]));

    /// <summary>
    /// One quality on both arms over the <paramref name="included"/> cases, paired by case: a case is discordant
    /// when its two arms' rates differ.
    /// </summary>
    private static PairedRates Paired(ArmData baseline, ArmData candidate, Func<CaseArmData, int> passed, Func<CaseArmData, bool> included)
    {
        int basePassed = 0, baseAnswered = 0, candPassed = 0, candAnswered = 0, worse = 0, better = 0;
        for (int i = 0; i < baseline.Cases.Length; i++)
        {
            CaseArmData b = baseline.Cases[i];
            CaseArmData c = candidate.Cases[i];
            if (!included(b))
            {
                continue;
            }

            basePassed += passed(b);
            baseAnswered += b.Answered;
            candPassed += passed(c);
            candAnswered += c.Answered;
            if (b.Answered == 0 || c.Answered == 0)
            {
                continue;
            }

            double difference = ((double)passed(c) / c.Answered) - ((double)passed(b) / b.Answered);
            worse += difference < 0 ? 1 : 0;
            better += difference > 0 ? 1 : 0;
        }

        return new PairedRates(basePassed, baseAnswered, candPassed, candAnswered, worse, better);
    }

    private static (double Baseline, double Candidate)? Pair(Estimate? baseline, Estimate? candidate) =>
        baseline is not null && candidate is not null ? (baseline.Value, candidate.Value) : null;
}

/// <summary>How an analysis resamples and checks: the bootstrap's seed and resamples, and the response checker.</summary>
internal sealed record AnalysisOptions(int Seed, int Resamples, ResponseChecker Checker);

/// <summary>
/// What <see cref="RunAnalyzer.Measure"/> found: the analysis without gates and verdict (<see cref="RunAnalysis.Gates"/> is
/// empty), the gates' inputs, and the checked records.
/// </summary>
internal sealed record Measurement(JournalHeader Header, RunAnalysis Analysis, GateInputs Inputs, ImmutableArray<CheckedAttempt> Attempts)
{
    /// <summary>The report with these gates judged into the verdict; <paramref name="leadingReason"/>, when given, is the verdict's first reason.</summary>
    public ReportData Report(ImmutableArray<GateResult> gates, AdaptiveSummary? adaptive = null, string? leadingReason = null)
    {
        RunAnalysis a = Analysis;
        VerdictResult verdict = VerdictDecider.Judge(gates, a.Run, a.Baseline, a.Candidate, a.Cases, a.Judge);
        if (leadingReason is not null)
        {
            verdict = verdict with { Reasons = [leadingReason, .. verdict.Reasons] };
        }

        return new ReportData(a with { Gates = gates, Verdict = verdict, Adaptive = adaptive }, Header, Attempts);
    }
}
