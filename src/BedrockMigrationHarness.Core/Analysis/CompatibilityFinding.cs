using System.Collections.Immutable;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// A request one arm's model rejects (HTTP 400 ValidationException) for cases the other arm's model answers: the
/// request is incompatible with that model, which an error rate alone would not say. One finding per distinct message.
/// </summary>
/// <param name="Arm">The arm whose requests were rejected.</param>
/// <param name="ModelId">That arm's model.</param>
/// <param name="Message">Bedrock's message, as received.</param>
/// <param name="Attempts">Final attempts rejected with this message.</param>
/// <param name="Cases">Distinct cases among them.</param>
/// <param name="CaseIds">Up to <see cref="CompatibilityAnalyzer.MaxCaseIds"/> of them, in suite order.</param>
/// <param name="Parameter">The request parameter the message names (e.g. <c>top_p</c>), or null when it names none Bedrock is known to name.</param>
/// <param name="Advice">What to do, in one sentence.</param>
/// <param name="SuggestedOverride">A suite override that would remove the cause (YAML flow style), or null when none would.</param>
public sealed record CompatibilityFinding(
    Arm Arm,
    string ModelId,
    string Message,
    int Attempts,
    int Cases,
    ImmutableArray<string> CaseIds,
    string? Parameter,
    string Advice,
    string? SuggestedOverride);
