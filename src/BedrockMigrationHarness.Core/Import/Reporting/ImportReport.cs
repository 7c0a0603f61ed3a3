using System.Collections.Immutable;
using BedrockMigrationHarness.Import.Selection;

namespace BedrockMigrationHarness.Import.Reporting;

/// <summary>
/// Everything an import did, for <c>import-report.md</c>, <c>import-report.json</c> and the console: every record read
/// is written as a case or dropped for one reason (<c>RecordsRead = CasesWritten + Dropped</c>).
/// </summary>
/// <param name="Suite">What was written; null when no suite was (no case kept).</param>
/// <param name="Problem">Why no suite was written, or null.</param>
/// <param name="Census">Models, operations and dates of every decoded record, before any filter.</param>
/// <param name="CaseIds">The case id of each written request, by request id (to name repeated requests).</param>
/// <param name="Redaction">Replacements by kind; null when the import did not redact.</param>
internal sealed record ImportReport(
    DateTimeOffset GeneratedAt,
    ImportPlan Plan,
    LogReadProgress? Read,
    long RecordsRead,
    int CasesWritten,
    long Dropped,
    ImmutableArray<DropCount> Drops,
    LogCensusSummary Census,
    DateTimeOffset? CasesFirst,
    DateTimeOffset? CasesLast,
    ImmutableArray<StratumSize> Strata,
    ImmutableArray<RepeatedRequest> Repeats,
    ImmutableDictionary<string, string> CaseIds,
    ImmutableSortedDictionary<string, int> NotReplayed,
    ImmutableSortedDictionary<string, int>? Redaction,
    WrittenSuiteSummary? Suite,
    string? Problem);

/// <summary>The written suite in a line: its name, models and how many schema and media files came with it.</summary>
internal sealed record WrittenSuiteSummary(string Name, string Baseline, string Candidate, int ToolSchemas, int MediaFiles);
