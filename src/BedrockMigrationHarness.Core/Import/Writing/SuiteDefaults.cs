using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Import.Selection;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// The suite-level settings of an imported suite, from its cases: the most common logged model id (the baseline) and
/// region, and for each inference key the most common value production sent (a case states a key only where it
/// differs). Ties go to the value that sorts first, so the same records always give the same suite.
/// </summary>
/// <param name="MaxTokens">The most common <c>max_tokens</c> among the records that sent one; null when none did.</param>
/// <param name="Temperature">The most common temperature, "not sent" counting as a value; null: not sent.</param>
/// <param name="StopSequences">The most common stop sequences, "not sent" counting as none.</param>
/// <param name="Stream">True when most records were streamed (ConverseStream, InvokeModelWithResponseStream).</param>
internal sealed record SuiteDefaults(
    string Baseline,
    ImmutableArray<NamedCount> LoggedModelIds,
    string? Region,
    int? MaxTokens,
    double? Temperature,
    double? TopP,
    ImmutableArray<string> StopSequences,
    bool Stream)
{
    public static SuiteDefaults Of(IReadOnlyList<LoggedInvocation> cases)
    {
        var models = cases.GroupBy(c => c.ModelId, StringComparer.Ordinal)
            .Select(g => new NamedCount(g.Key, g.LongCount()))
            .OrderByDescending(m => m.Count).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        var inference = cases.Select(c => c.Request.Inference).ToArray();
        return new SuiteDefaults(
            models[0].Name,
            models,
            Mode(cases.Where(c => c.Region is not null).Select(c => c.Region), r => r!),
            Mode(inference.Where(i => i.MaxTokens is not null).Select(i => i.MaxTokens), Key),
            Mode(inference.Select(i => i.Temperature), Key),
            Mode(inference.Select(i => i.TopP), Key),
            Mode(inference.Select(i => i.StopSequences ?? []), s => string.Join('\u0000', s)),
            cases.Count(IsStreamed) * 2 > cases.Count);
    }

    public static bool IsStreamed(LoggedInvocation invocation) =>
        invocation.Operation is LoggedOperation.ConverseStream or LoggedOperation.InvokeModelWithResponseStream;

    /// <summary>The most common value (by <paramref name="key"/>); the one whose key sorts first on a tie; default when none.</summary>
    private static T? Mode<T>(IEnumerable<T> values, Func<T, string> key) =>
        values.GroupBy(key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .FirstOrDefault();

    private static string Key(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Key(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
