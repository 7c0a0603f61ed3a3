using BedrockMigrationHarness.Pricing;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// What the run's measured tokens cost at the price table's prices, projected to the suite's monthly traffic. Every
/// estimate carries its bootstrap-over-cases interval at the run's confidence level.
/// </summary>
/// <param name="PriceFile">The price file the run used.</param>
/// <param name="MonthlyDelta">Candidate minus baseline, US dollars per month.</param>
/// <param name="MonthlyChange">Candidate relative to baseline (+0.25 = 25% more).</param>
/// <param name="BaselineExtendedAccessMonthly">The cost of not migrating: the baseline at extended-access prices.</param>
/// <param name="ExtendedAccessFrom">When those prices start (the baseline's <c>publicExtendedAccessTime</c>), when known.</param>
/// <param name="RunSpend">What this run's calls to the two models cost, from the tokens of every call (retries included); the judge's calls are not in it (<see cref="JudgeSummary.SpendUsd"/>).</param>
/// <param name="PricesVerified">False when either arm's price is marked unverified.</param>
public sealed record CostSummary(
    string PriceFile,
    long RequestsPerMonth,
    ArmCost Baseline,
    ArmCost Candidate,
    Estimate MonthlyDelta,
    Estimate MonthlyChange,
    Estimate BaselineExtendedAccessMonthly,
    double ExtendedAccessMultiplier,
    DateTimeOffset? ExtendedAccessFrom,
    double RunSpend,
    bool PricesVerified);

/// <summary>One arm's cost from its mean tokens per answer.</summary>
public sealed record ArmCost(string ModelId, ModelPrice Price, Estimate PerThousandRequests, Estimate Monthly);
