using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Vocabulary;
using CsvHelper;

namespace BedrockMigrationHarness.Reports.Csv;

/// <summary>
/// Writes <c>attempts.csv</c>: one row per journal record (every call, retries included), in journal order (with several
/// candidates: the baseline's and the first candidate's, then each other candidate's, each in journal order),
/// with every measured field and the checks of its answer. RFC 4180, UTF-8 without BOM, invariant culture (every value is formatted here).
/// Text cells that would start a spreadsheet formula are prefixed with <c>'</c>; numbers are written as they are.
/// </summary>
internal sealed class AttemptsCsvWriter : IReportWriter
{
    private static readonly (string Header, Func<CheckedAttempt, string?> Value)[] Columns =
    [
        ("caseId", Text(a => a.Record.CaseId)),
        ("arm", a => Names.Camel(a.Record.Arm)),
        ("sample", a => Num.Int(a.Record.Sample)),
        ("try", a => Num.Int(a.Record.Try)),
        ("final", a => Bool(a.Record.Final)),
        ("modelId", Text(a => a.Record.ModelId)),
        ("startedAt", a => Num.Iso(a.Record.StartedAt)),
        ("outcome", a => Names.Camel(a.Record.Outcome)),
        ("clientLatencyMs", a => Num.Raw(a.Record.ClientLatencyMs)),
        ("serverLatencyMs", a => a.Record.ServerLatencyMs is { } v ? Num.Int(v) : null),
        ("timeToFirstTokenMs", a => Num.Raw(a.Record.TimeToFirstTokenMs)),
        ("inputTokens", a => a.Record.InputTokens is { } v ? Num.Int(v) : null),
        ("outputTokens", a => a.Record.OutputTokens is { } v ? Num.Int(v) : null),
        ("cacheReadInputTokens", a => a.Record.CacheReadInputTokens is { } v ? Num.Int(v) : null),
        ("cacheWriteInputTokens", a => a.Record.CacheWriteInputTokens is { } v ? Num.Int(v) : null),
        ("stopReason", Text(a => a.Record.StopReason)),
        ("toolCalls", Text(a => a.Record.ToolCalls.IsDefaultOrEmpty ? null : string.Join(';', a.Record.ToolCalls.Select(c => c.Name)))),
        ("reasoningChars", a => a.Record.ReasoningText is { } r ? Num.Int(r.Length) : null),
        ("httpStatus", a => a.Record.HttpStatus is { } v ? Num.Int(v) : null),
        ("errorType", Text(a => a.Record.ErrorType)),
        ("errorMessage", Text(a => a.Record.ErrorMessage)),
        ("formatCompliant", a => a.Check is { } c ? Bool(c.FormatCompliant) : null),
        ("deviations", a => a.Check is { } c ? string.Join(';', c.Deviations.Select(Names.Camel)) : null),
        ("expectationsMet", a => a.Check is { } c ? Bool(c.ExpectationsMet) : null),
        ("schemaErrors", Text(a => a.Check is { } c ? string.Join("; ", c.SchemaErrors) : null)),
        ("expectationFailures", Text(a => a.Check is { } c ? string.Join("; ", c.ExpectationFailures) : null)),
        ("text", Text(a => a.Record.Text)),
    ];

    /// <summary>
    /// The first column of a run with several candidates: the 0-based candidate (as in the journal) of a candidate's answer or
    /// a judge's call, empty for the baseline's. A one-candidate run's file has no such column.
    /// </summary>
    public const string CandidateColumn = "candidate";

    public string FileName => "attempts.csv";

    public void Write(RunComparison run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        // RFC 4180 quoting; LF line ends like every other file the harness writes.
        var options = CsvWriterOptions.Default with { NewLine = "\n" };
        using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        var several = run.Several;
        csv.WriteHeader([.. several ? Columns.Select(c => c.Header).Prepend(CandidateColumn) : Columns.Select(c => c.Header)]);
        for (var k = 0; k < run.Candidates.Length; k++)
        {
            // Each view holds the baseline's records too: they are written once, with the first candidate's.
            foreach (var attempt in run.Candidates[k].Attempts.Where(a => k == 0 || a.Record.Arm is not (Arm.Baseline or Arm.BaselineRepeat)))
            {
                if (several)
                {
                    csv.WriteField(attempt.Record.Arm is Arm.Baseline or Arm.BaselineRepeat ? null : Num.Int(k));
                }

                foreach (var (_, value) in Columns)
                {
                    csv.WriteField(value(attempt));
                }

                csv.EndRecord();
            }
        }

        csv.Flush();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// A free-text column (from a model, a server or the suite): a cell a spreadsheet would read as a formula (it starts
    /// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) gets a leading <c>'</c>, OWASP's treatment for CSV
    /// injection. Numeric columns never pass here, so <c>-3</c> stays a number.
    /// </summary>
    private static Func<CheckedAttempt, string?> Text(Func<CheckedAttempt, string?> value) => attempt => Defuse(value(attempt));

    private static string? Defuse(string? cell) => cell is ['=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + cell : cell;
}
