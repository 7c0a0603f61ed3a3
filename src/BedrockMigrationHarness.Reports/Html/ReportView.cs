using System.Collections.Immutable;
using BedrockMigrationHarness.Reports.Html.Answers;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Reports.Html.Charts;

namespace BedrockMigrationHarness.Reports.Html;

// The view-model of report.html: every value the template shows, already a formatted invariant string.
// The template only lays it out; it computes nothing and formats no number.

/// <summary>The whole page.</summary>
/// <param name="VerdictClass">CSS class of the verdict colour: go, warn, inconclusive, nogo.</param>
/// <param name="VerdictLine">One sentence that says what the verdict means.</param>
/// <param name="GateSummary">The gate states counted, e.g. "6 gates: 3 fail (2 blocking) · 2 inconclusive · 1 pass".</param>
/// <param name="Incomplete">True when the run did not complete: the page says INCOMPLETE.</param>
internal sealed record ReportView(
    string Title,
    string Verdict,
    string VerdictClass,
    string VerdictLine,
    string Baseline,
    string Candidate,
    string SuiteName,
    string RunSize,
    string Calls,
    string Date,
    string Duration,
    string Status,
    string HowItEnded,
    bool Incomplete,
    ImmutableArray<string> Reasons,
    ImmutableArray<KeyFigureView> KeyFigures,
    string GateSummary,
    string Confidence,
    string GateConfidence,
    ImmutableArray<GateView> Gates,
    ImmutableArray<string> Caveats,
    ImmutableArray<SvgChart> Charts,
    ImmutableArray<CaseRowView> Cases,
    AnswersView Answers,
    ErrorsView Errors,
    FooterView Footer,
    ImmutableArray<FactView> Lifecycle,
    CostView Cost,
    RequestsView Requests,
    ImmutableArray<FindingView> Findings,
    ImmutableArray<TokenRowView> Tokens,
    ReferenceView Reference,
    JudgeView Judge,
    AdaptiveView Adaptive)
{
    /// <summary>What every id and in-page link of this report's section starts with: empty for a one-candidate run, <c>c2-</c> for candidate 2.</summary>
    public string IdPrefix { get; init; } = "";

    /// <summary>Whether this section defines the chart patterns the page's CSS refers to (the first section drawn).</summary>
    public bool HatchDefs { get; init; } = true;

    /// <summary>Several candidates: the section's heading ("candidate 2: model — NO-GO") and anchor; empty for a one-candidate run.</summary>
    public string SectionHeading { get; init; } = "";

    public string SectionAnchor { get; init; } = "";
}

/// <summary>
/// The page around the report's sections: its title and colour, the comparison of several candidates (shown first), and
/// one section per candidate (a one-candidate run: exactly one, as before).
/// </summary>
/// <param name="Tool">The generator's name.</param>
/// <param name="AdaptiveCss">Whether a section shows an adaptive run, whose styles the page then carries.</param>
/// <param name="Prefixes">Every section's id prefix, for the page's script (one case table per section).</param>
internal sealed record PageView(
    string Title,
    string Tool,
    string VerdictClass,
    bool AdaptiveCss,
    ComparisonView Comparison,
    ImmutableArray<ReportView> Sections,
    ImmutableArray<string> Prefixes);

/// <summary>The first screen of a run of several candidates; <paramref name="Show"/> is false for one candidate.</summary>
/// <param name="Outcome">What the run says as a whole, with its exit code.</param>
/// <param name="Baseline">The baseline's row, under the candidates'.</param>
/// <param name="Caveat">Why the best-looking candidate's figures are optimistic.</param>
/// <param name="Spend">What every call of the run cost, each once; empty without prices.</param>
internal sealed record ComparisonView(
    bool Show,
    string Verdict,
    string VerdictClass,
    string Heading,
    string Outcome,
    ImmutableArray<string> Headers,
    ImmutableArray<ComparisonRowView> Rows,
    ImmutableArray<string> Baseline,
    string Caveat,
    string Spend)
{
    public static readonly ComparisonView None = new(false, "", "", "", "", [], [], [], "", "");
}

/// <summary>One candidate's row: its cells (<see cref="Formatting.ComparisonText.Cells"/>), its verdict's colour and the anchor of its section.</summary>
internal sealed record ComparisonRowView(ImmutableArray<string> Cells, string VerdictClass, string Anchor);

/// <summary>The "Judged quality" section, after the gates; <paramref name="Show"/> is false when the suite has no judge.</summary>
/// <param name="Method">Which model judged what against what, asked in both orders.</param>
/// <param name="Outcomes">Wins, ties, losses, judge failed and not judged, as counts and shares of the pairs (the bar and its table).</param>
/// <param name="Meaning">What position bias and agreement mean, in plain words.</param>
/// <param name="Spend">What the judge's calls cost, apart from the models'.</param>
/// <param name="CasesNote">Says how many of the cases are listed when not all are; else empty.</param>
/// <param name="Cases">The worst cases first (largest net loss), with the judge's reasons on their losses.</param>
internal sealed record JudgeView(
    bool Show,
    string Method,
    ImmutableArray<JudgeOutcomeView> Outcomes,
    string NetLoss,
    string PositionBias,
    string Agreement,
    string Meaning,
    string Spend,
    string CasesNote,
    ImmutableArray<JudgedCaseView> Cases)
{
    public static readonly JudgeView None = new(false, "", [], "", "", "", "", "", "", []);
}

/// <summary>One outcome of the judged pairs.</summary>
/// <param name="Share">Of all pairs, e.g. "45.0%".</param>
/// <param name="Width">The bar segment's width in percent of the bar, invariant ("45"); "0" draws no segment.</param>
/// <param name="Colour">The segment's CSS colour (a custom property of the page).</param>
internal sealed record JudgeOutcomeView(string Label, string Count, string Share, string Width, string Colour);

/// <param name="Anchor">Id of the case's answers section, or empty when its answers are not shown.</param>
/// <param name="NetLoss">(losses − wins) / judged pairs of the case, in points, or "n/a".</param>
/// <param name="Record">"wins / ties / losses", e.g. "0 / 1 / 2".</param>
/// <param name="Reasons">The judge's reasons on the case's losses: model output, shown as text.</param>
internal sealed record JudgedCaseView(string CaseId, string Anchor, string NetLoss, string Record, string Failed, ImmutableArray<string> Reasons);

/// <summary>The "Against production" section, after the gates; <paramref name="Show"/> is false when no case has a reference.</summary>
/// <param name="Rows">Similarity to the reference, tool choice and the production figures against the measured ones.</param>
/// <param name="Findings">What the gaps between production and the measured baseline mean, in plain words.</param>
internal sealed record ReferenceView(bool Show, string Title, string Note, ImmutableArray<ReferenceRow> Rows, ImmutableArray<string> Findings)
{
    public static readonly ReferenceView None = new(false, "", "", [], []);
}

/// <summary>One arm's mean tokens per answer (the cost section's token table).</summary>
/// <param name="CacheRead">Mean cacheReadInputTokens, or "not reported".</param>
/// <param name="Reasoning">"2 answers, 69 characters on average", or "none".</param>
internal sealed record TokenRowView(string Arm, string Model, string Input, string CacheRead, string CacheWrite, string Output, string Reasoning);

/// <summary>The first screen's "What differs between the arms' requests".</summary>
/// <param name="Lines">One sentence per difference (those of every case first); empty when the requests are the same.</param>
/// <param name="Summary">Says the requests are the same but for the model id, or empty.</param>
internal sealed record RequestsView(string Title, ImmutableArray<string> Lines, string Summary);

/// <summary>One request-compatibility finding on the first screen.</summary>
/// <param name="Headline">Who rejected how many attempts in how many cases that the other arm answered.</param>
/// <param name="Override">The suggested suite override (YAML), or empty.</param>
/// <param name="Cases">The cases, or some of them.</param>
internal sealed record FindingView(string Headline, string Message, string Parameter, string Advice, string Override, string Cases);

/// <summary>A line of the first screen's facts: label, text, and a CSS class (<c>alert</c> for LEGACY or further, else empty).</summary>
internal sealed record FactView(string Label, string Text, string Class);

/// <summary>The cost section. <paramref name="Show"/> is false when there is no cost; <paramref name="Note"/> then says why.</summary>
/// <param name="Note">Why there is no cost, or that the prices are unverified; empty otherwise.</param>
/// <param name="NotMigrating">The cost of staying on the baseline at extended-access prices, in one sentence.</param>
internal sealed record CostView(
    bool Show,
    string Note,
    string Traffic,
    ImmutableArray<CostRowView> Arms,
    string MonthlyDelta,
    string MonthlyDeltaInterval,
    string MonthlyChange,
    string MonthlyChangeInterval,
    string NotMigrating,
    string RunSpend,
    string PriceFile);

/// <param name="Prices">"$3.00 in / $15.00 out per 1M tokens".</param>
/// <param name="PriceSource">"as of 2026-03-21, unverified: SOURCE".</param>
internal sealed record CostRowView(
    string Arm,
    string Model,
    string Prices,
    string PriceSource,
    string PerThousand,
    string PerThousandInterval,
    string Monthly,
    string MonthlyInterval);

/// <summary>One figure of the key-figures strip.</summary>
/// <param name="State">The state of the gate that judges this figure (PASS, INCONCLUSIVE, FAIL), or empty when no gate does.</param>
/// <param name="StateClass">pass, inconclusive, fail, not-measured, or none.</param>
internal sealed record KeyFigureView(string Label, string Baseline, string Candidate, string Delta, string State, string StateClass, string Hint);

/// <param name="StateClass">pass, inconclusive, fail or not-measured.</param>
/// <param name="SamplesNeeded">"about N samples per case would decide it", for inconclusive gates; else empty.</param>
internal sealed record GateView(
    string Name,
    string Severity,
    string Baseline,
    string Candidate,
    string Delta,
    string Interval,
    string Margin,
    string State,
    string StateClass,
    string Explanation,
    string SamplesNeeded);

/// <summary>A table cell: its text and its sort key (invariant number, or text).</summary>
internal sealed record CellView(string Text, string Sort);

/// <param name="Anchor">Id of the case's answers section, or empty when its answers are not shown.</param>
/// <param name="Label">"regressed", "worse" or "unchanged or better".</param>
/// <param name="LabelClass">reg, worse or ok.</param>
/// <param name="Summary">The regressions in words for a regressed case, else the counts of passing answers.</param>
internal sealed record CaseRowView(
    string CaseId,
    string Anchor,
    string Label,
    string LabelClass,
    ImmutableArray<CellView> Cells,
    string Summary);

/// <param name="Note">What the page says when only some answers are shown; empty when all are.</param>
internal sealed record AnswersView(string Note, ImmutableArray<CaseAnswersView> Cases);

/// <param name="Open">The worst regressed and worse cases start open.</param>
/// <param name="Badge">REGRESSED, WORSE or UNCHANGED OR BETTER.</param>
/// <param name="BadgeClass">reg, worse or ok.</param>
/// <param name="Summary">The regressions in words, or the counts of passing answers.</param>
/// <param name="Omitted">What is left out (samples beyond the bound), or empty.</param>
/// <param name="ToolAgreement">Whether both arms chose the same tools, sample by sample; empty when neither called one.</param>
internal sealed record CaseAnswersView(
    string Anchor,
    string CaseId,
    bool Open,
    string Badge,
    string BadgeClass,
    string Summary,
    string Prompt,
    ImmutableArray<SamplePairView> Samples,
    string Omitted,
    string ToolAgreement,
    CaseReferenceView? Reference);

/// <summary>A case's reference answer, shown as text (every reference is hostile data, like the answers).</summary>
/// <param name="Label">Where it comes from: "Reference answer (production: MODEL, logged …)" with the case's similarity to it.</param>
/// <param name="Text">The reference text, cut like an answer; empty when it only calls tools.</param>
/// <param name="Truncated">Says where the text was cut, or empty.</param>
internal sealed record CaseReferenceView(string Label, string Text, string Truncated, ImmutableArray<ToolCallView> ToolCalls);

/// <param name="JsonChanges">Field-level changes when both answers hold JSON; empty otherwise.</param>
/// <param name="JsonNote">"identical JSON", "N fields differ", or empty when not both are JSON.</param>
/// <param name="ToolNote">Which tool each arm chose and whether the arguments differ; empty when neither called one.</param>
/// <param name="ToolChanges">Argument fields that differ between calls to the same tool.</param>
internal sealed record SamplePairView(
    string Label,
    AnswerView Baseline,
    AnswerView Candidate,
    ImmutableArray<JsonFieldChange> JsonChanges,
    string JsonNote,
    string ToolNote,
    ImmutableArray<JsonFieldChange> ToolChanges);

/// <param name="Badge">"passes checks", "fails checks", "error", or "missing" when the arm has no final attempt for the sample (run incomplete).</param>
/// <param name="BadgeClass">pass, fail or none.</param>
/// <param name="Meta">Latency, tokens, stop reason, tries, in one line.</param>
/// <param name="Error">Outcome and message for a failed attempt; else empty.</param>
/// <param name="Problems">Deviations, schema errors and expectation failures, one per line.</param>
/// <param name="Truncated">Says where the answer was cut, or empty.</param>
/// <param name="ToolCalls">The answer's tool calls, in order.</param>
/// <param name="Reasoning">The answer's reasoning text (shown collapsed, apart from the answer), or empty.</param>
/// <param name="ReasoningLabel">"Reasoning (N characters)", with where it was cut; empty without reasoning.</param>
internal sealed record AnswerView(
    string Badge,
    string BadgeClass,
    string Meta,
    string Error,
    ImmutableArray<DiffSegment> Segments,
    ImmutableArray<string> Problems,
    string Truncated,
    ImmutableArray<ToolCallView> ToolCalls,
    string Reasoning,
    string ReasoningLabel);

/// <summary>One tool call of an answer: the tool's name and its arguments as the model sent them (cut when long).</summary>
internal sealed record ToolCallView(string Name, string Arguments);

/// <param name="ByKind">Final errors per kind: kind, baseline count, candidate count.</param>
/// <param name="Calls">Every call that did not answer, retries included (up to a bound).</param>
/// <param name="CallsNote">Says when the list is cut; else empty.</param>
internal sealed record ErrorsView(
    bool Any,
    ImmutableArray<ErrorKindView> ByKind,
    ImmutableArray<ErrorCallView> Calls,
    string CallsNote);

internal sealed record ErrorKindView(string Kind, string Baseline, string Candidate);

internal sealed record ErrorCallView(
    string CaseId,
    string Arm,
    string Sample,
    string Try,
    string Final,
    string Outcome,
    string HttpStatus,
    string ErrorType,
    string Message,
    string Latency);

internal sealed record FooterView(
    string Fingerprint,
    string PercentileEstimator,
    string Confidence,
    string Tool,
    string SuiteFile,
    string Region,
    string JournalFormat);

/// <summary>
/// The "Adaptive sampling" section, after the key figures and before the gates; <paramref name="Show"/> is false for a
/// fixed-size run.
/// </summary>
/// <param name="Summary">The run's course in one line, also shown under the verdict: "stopped after 3 looks at 40 samples per case (…)".</param>
/// <param name="Sentence">The same as a sentence, opening the section: "Stopped after 3 looks at 40 samples per case (…)."</param>
/// <param name="StopReason">Why it stopped, in the analysis' words.</param>
/// <param name="Design">The spending function, the two confidences and the caps.</param>
/// <param name="Gates">The blocking gates' names: the table's gate columns.</param>
/// <param name="Charts">One per blocking gate: its intervals narrowing look by look against its limit.</param>
internal sealed record AdaptiveView(
    bool Show,
    string Summary,
    string Sentence,
    string StopReason,
    string Design,
    ImmutableArray<string> Gates,
    ImmutableArray<LookRowView> Looks,
    ImmutableArray<SvgChart> Charts)
{
    public static readonly AdaptiveView None = new(false, "", "", "", "", [], [], []);
}

/// <summary>One look of the rounds table.</summary>
/// <param name="Fraction">The information fraction, e.g. "40.0%" (the levels' tooltip).</param>
/// <param name="Levels">"CI 97.9% / 80.4%": the two-sided levels of the FAIL and the PASS intervals.</param>
/// <param name="Spend">The run's spend up to this look with the round's: "$0.0502 (+$0.0251)"; "n/a" without prices.</param>
/// <param name="Gates">Each blocking gate's state and estimate, in <see cref="AdaptiveView.Gates"/> order.</param>
/// <param name="After">What the run did next: "went on to 20 per case", "stopped: decided", ….</param>
internal sealed record LookRowView(
    string Look,
    string Samples,
    string Fraction,
    string Levels,
    string Calls,
    string Spend,
    ImmutableArray<LookGateCellView> Gates,
    string After);

/// <param name="StateClass">pass, fail, inconclusive (undecided) or none.</param>
internal sealed record LookGateCellView(string State, string StateClass, string Estimate);
