using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// What the judge said about the candidate (suite key <c>judge:</c>). A <em>pair</em> is one case and sample: the candidate's
/// answer and the other answer (the baseline's, or the case's reference), judged twice with the order swapped. A pair is a
/// win or a loss only when both orders agree; a disagreement is a tie, and counted as one.
/// </summary>
/// <param name="Mode">Against the baseline's answers (pairwise) or the cases' references.</param>
/// <param name="Pairs">Pairs the judge applies to: its cases × samples. <see cref="Judged"/> + <see cref="JudgeFailed"/> + <see cref="NotJudged"/>, plus the pairs whose judge calls have not settled yet (an interrupted judge phase).</param>
/// <param name="Judged">Pairs with a valid verdict in both orders: <see cref="Wins"/> + <see cref="Ties"/> + <see cref="Losses"/>.</param>
/// <param name="Wins">Both orders preferred the candidate.</param>
/// <param name="Ties">Both orders said tie, or the two orders disagreed.</param>
/// <param name="Losses">Both orders preferred the other answer.</param>
/// <param name="Disagreements">Judged pairs whose two orders gave different verdicts (counted in <see cref="Ties"/>).</param>
/// <param name="PositionBias">Judged pairs where the judge picked the same position (A both times, or B both times) / judged pairs.</param>
/// <param name="FirstPositionPicks">Of those, the pairs where it picked A (the answer shown first) both times.</param>
/// <param name="Agreement">Judged pairs whose two orders gave the same verdict / judged pairs: the judge's agreement with itself.</param>
/// <param name="JudgeFailed">Pairs where an order ended in an error or a malformed verdict after its retries: never a win for either side.</param>
/// <param name="NotJudged">Pairs the judge could not be asked about: an arm gave no answer (the error gate counts those).</param>
/// <param name="Calls">Every judge call made, retries included.</param>
/// <param name="SpendUsd">What the judge's calls cost at the price table's prices; null without a price for the judge model.</param>
/// <param name="Cases">Every case the judge applies to, the worst first (largest net loss).</param>
public sealed record JudgeSummary(
    string ModelId,
    JudgeMode Mode,
    int Pairs,
    int Judged,
    int Wins,
    int Ties,
    int Losses,
    int Disagreements,
    Estimate? PositionBias,
    int FirstPositionPicks,
    Estimate? Agreement,
    int JudgeFailed,
    int NotJudged,
    int Calls,
    long InputTokens,
    long OutputTokens,
    double? SpendUsd,
    ImmutableArray<JudgedCase> Cases);

/// <summary>One case under the judge.</summary>
/// <param name="NetLoss">(losses − wins) / judged pairs of the case; null when none was judged.</param>
/// <param name="Reasons">The judge's reasons on the case's losses (the order that showed the candidate first), at most three.</param>
public sealed record JudgedCase(string CaseId, int Wins, int Ties, int Losses, int Failed, double? NetLoss, ImmutableArray<string> Reasons);
