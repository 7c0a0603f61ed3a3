namespace BedrockMigrationHarness.Analysis;

/// <summary>What the gates judge: counts and bootstrap replicates of baseline and candidate, already paired by case.</summary>
/// <param name="SamplesPerCase">Planned samples per case and arm (for the samples-needed estimate).</param>
/// <param name="CasesWorse">Cases where the candidate's compliance rate is below the baseline's (discordant, worse).</param>
/// <param name="CasesBetter">Cases where it is above (discordant, better).</param>
/// <param name="LatencyP50">Point estimates (baseline, candidate) of p50 latency, null without answers.</param>
/// <param name="LatencyP50Change">Bootstrap replicates of candidate/baseline − 1 of p50 latency.</param>
/// <param name="MonthlyCost">Point estimates (baseline, candidate) of the monthly cost in USD; null without prices.</param>
/// <param name="MonthlyCostChange">Bootstrap replicates of candidate/baseline − 1 of the cost per request.</param>
/// <param name="CandidateLifecycle">The candidate's lifecycle at the start of the run; null when it is not known.</param>
internal sealed record GateInputs(
    double ConfidenceLevel,
    int SamplesPerCase,
    int BaselineCompliant,
    int BaselineAnswered,
    int CandidateCompliant,
    int CandidateAnswered,
    int CasesWorse,
    int CasesBetter,
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
    ArmLifecycle? CandidateLifecycle = null);
