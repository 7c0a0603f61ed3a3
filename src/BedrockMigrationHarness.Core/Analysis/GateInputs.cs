using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>What the gates judge: counts and bootstrap replicates of baseline and candidate, already paired by case.</summary>
/// <param name="SamplesPerCase">Planned samples per case and arm (for the samples-needed estimate).</param>
/// <param name="Compliance">Format compliance (JSON extraction and schema) over every case.</param>
/// <param name="Correctness">Correctness (every expectation met) over the cases with expectations; null when the suite has none.</param>
/// <param name="LatencyP50">Point estimates (baseline, candidate) of p50 latency, null without answers.</param>
/// <param name="LatencyP50Change">Bootstrap replicates of candidate/baseline − 1 of p50 latency.</param>
/// <param name="MonthlyCost">Point estimates (baseline, candidate) of the monthly cost in USD; null without prices.</param>
/// <param name="MonthlyCostChange">Bootstrap replicates of candidate/baseline − 1 of the cost per request.</param>
/// <param name="CandidateLifecycle">The candidate's lifecycle at the start of the run; null when it is not known.</param>
/// <param name="Quality">The judge's pair outcomes for the quality gate; null when the suite has no judge.</param>
internal sealed record GateInputs(
    double ConfidenceLevel,
    int SamplesPerCase,
    PairedRates Compliance,
    PairedRates? Correctness,
    int BaselineErrors,
    int BaselineFinished,
    int CandidateErrors,
    int CandidateFinished,
    (double Baseline, double Candidate)? LatencyP50,
    double[] LatencyP50Change,
    (double Baseline, double Candidate)? LatencyP99,
    double[] LatencyP99Change,
    (double Baseline, double Candidate)? MeanOutputTokens,
    double[] MeanOutputTokensChange,
    (double Baseline, double Candidate)? MonthlyCost = null,
    double[]? MonthlyCostChange = null,
    ArmLifecycle? CandidateLifecycle = null,
    QualityLossInputs? Quality = null)
{
    /// <summary>The calls went to batch inference, which measures no latency: the latency gates are not measured.</summary>
    public bool BatchMode { get; init; }
}

/// <summary>One measured quality of the answers (format compliance or correctness) on both arms, paired by case.</summary>
/// <param name="BaselinePassed">Baseline answers that have the quality.</param>
/// <param name="BaselineAnswered">Baseline answers judged for it.</param>
/// <param name="CasesWorse">Cases whose candidate rate is below the baseline's (discordant, worse).</param>
/// <param name="CasesBetter">Cases whose candidate rate is above it (discordant, better).</param>
internal sealed record PairedRates(
    int BaselinePassed,
    int BaselineAnswered,
    int CandidatePassed,
    int CandidateAnswered,
    int CasesWorse,
    int CasesBetter);

/// <summary>The judge's pair outcomes (<see cref="JudgeAnalyzer"/>), for the quality gate.</summary>
/// <param name="Mode">What the candidate's answers were compared with: the baseline's answers or the cases' references.</param>
/// <param name="Pairs">Pairs the judge applies to.</param>
/// <param name="Judged">Pairs with a valid verdict in both orders.</param>
/// <param name="CasesWorse">Cases with more losses than wins.</param>
/// <param name="CasesBetter">Cases with more wins than losses.</param>
/// <param name="NetLossReplicates">Bootstrap over cases: per resample, (losses − wins) / judged pairs of the drawn cases.</param>
internal sealed record QualityLossInputs(
    JudgeMode Mode,
    int Pairs,
    int Judged,
    int Wins,
    int Losses,
    int JudgeFailed,
    int NotJudged,
    int CasesWorse,
    int CasesBetter,
    double[] NetLossReplicates);
