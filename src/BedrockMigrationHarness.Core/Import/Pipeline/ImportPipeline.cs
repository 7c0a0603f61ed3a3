using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Import.Reporting;
using BedrockMigrationHarness.Import.Selection;
using BedrockMigrationHarness.Import.Writing;

namespace BedrockMigrationHarness.Import.Pipeline;

/// <summary>How an import ended; the CLI maps it to an exit code.</summary>
public enum ImportStatus
{
    /// <summary>A suite and its import report were written (exit 0).</summary>
    Written,
    /// <summary>No record was kept: only the import report was written, saying why (exit 2).</summary>
    NoCases,
    /// <summary>The records kept name several models and no <c>--model</c> chose one: nothing was written (exit 2).</summary>
    SeveralModels,
}

/// <summary>What an import did.</summary>
/// <param name="Problem">Why no suite was written (for stderr), or null.</param>
/// <param name="Summary">Lines for the console: records read, written, dropped by reason, the redaction warning.</param>
/// <param name="Written">The files written into the output folder (the report alone when no case was kept); empty for <see cref="ImportStatus.SeveralModels"/>.</param>
public sealed record ImportOutcome(ImportStatus Status, string? Problem, ImmutableArray<string> Summary, ImmutableArray<string> Written);

/// <summary>
/// <c>bmh import</c> as a use case: reads the logs (streaming), selects the cases (<see cref="ImportSelection"/>),
/// redacts and writes the suite (<see cref="SuiteWriter"/>) and the import report. Everything is written into a
/// temporary folder beside the output folder and renamed at the end, so an interrupted or failed import leaves
/// nothing half-written.
/// </summary>
public sealed class ImportPipeline
{
    public const string ReportMarkdownFile = "import-report.md";
    public const string ReportJsonFile = "import-report.json";

    private readonly TimeProvider _time;
    private readonly Func<ITextRedaction> _redaction;

    public ImportPipeline(TimeProvider time)
        : this(time, () => new RedactorRedaction(new Redactor()))
    {
    }

    /// <param name="redaction">The redaction used with <c>--redact</c> (tests pass their own).</param>
    internal ImportPipeline(TimeProvider time, Func<ITextRedaction> redaction)
    {
        _time = time;
        _redaction = redaction;
    }

    /// <exception cref="ImportSourceException">A source cannot be read at all.</exception>
    /// <exception cref="ImportSetupException">The output folder was filled by someone else while the logs were read.</exception>
    public Task<ImportOutcome> RunAsync(ImportPlan plan, InvocationLogReader reader, IProgress<LogReadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = new LogReadOptions(plan.Since, plan.Until);
        return RunAsync(plan, (tee, token) => reader.ReadAsync(plan.Sources, options, tee, token), progress, cancellationToken);
    }

    /// <param name="read">The log entries, reporting progress to the given sink.</param>
    internal async Task<ImportOutcome> RunAsync(
        ImportPlan plan,
        Func<IProgress<LogReadProgress>, CancellationToken, IAsyncEnumerable<LogEntry>> read,
        IProgress<LogReadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var selection = new ImportSelection(plan);
        var tee = new LastProgress(progress);
        await foreach (var entry in read(tee, cancellationToken).WithCancellation(cancellationToken))
        {
            selection.Add(entry);
        }

        var result = selection.Finish();
        if (plan.Model is null && result.CandidatesByBaseModel.Length > 1)
        {
            return new ImportOutcome(ImportStatus.SeveralModels, SeveralModels(result), [], []);
        }

        var redaction = plan.Redact ? _redaction() : NoRedaction.Instance;
        var temporary = TemporaryFolder(plan.OutputDirectory);
        try
        {
            Directory.CreateDirectory(temporary);
            WrittenSuite? suite = null;
            if (result.Selected.Length > 0)
            {
                suite = new SuiteWriter(plan, redaction, _time).Write(temporary, result.Selected, result.TimesSeen);
            }

            var report = Report(plan, tee.Last, result, suite, redaction);
            File.WriteAllText(Path.Combine(temporary, ReportMarkdownFile), ImportReportMarkdown.Render(report), Encoding.UTF8);
            File.WriteAllBytes(Path.Combine(temporary, ReportJsonFile),
                JsonSerializer.SerializeToUtf8Bytes(ImportReportDocument.From(report), ImportReportJsonContext.Default.ImportReportDocument));
            var written = Directory.EnumerateFileSystemEntries(temporary).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToImmutableArray();
            cancellationToken.ThrowIfCancellationRequested();
            MoveInto(temporary, plan.OutputDirectory);
            return new ImportOutcome(suite is null ? ImportStatus.NoCases : ImportStatus.Written, report.Problem, ImportConsoleSummary.Lines(report), written);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private ImportReport Report(ImportPlan plan, LogReadProgress? read, SelectionResult result, WrittenSuite? suite, ITextRedaction redaction) => new(
        _time.GetUtcNow(),
        plan,
        read,
        result.RecordsRead,
        result.Selected.Length,
        result.DroppedTotal,
        result.Drops,
        result.Census,
        result.Selected.IsEmpty ? null : result.Selected[0].Timestamp,
        result.Selected.IsEmpty ? null : result.Selected[^1].Timestamp,
        result.Strata,
        result.Repeats,
        suite?.CaseIds ?? ImmutableDictionary<string, string>.Empty,
        suite?.NotReplayed ?? ImmutableSortedDictionary<string, int>.Empty,
        redaction.Enabled ? redaction.Counts : null,
        suite is null ? null : new WrittenSuiteSummary(plan.SuiteName, suite.Baseline, suite.Candidate, suite.ToolSchemas, suite.MediaFiles),
        suite is null ? NoCases(result) : null);

    private static string NoCases(SelectionResult result) => result.RecordsRead == 0
        ? "The sources hold no log record: check the path or prefix (S3 logs are under <prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/) and --since/--until."
        : $"No record was kept: {Num.Count(result.RecordsRead)} read, dropped as {string.Join(", ", result.Drops.Select(d => $"{d.Reason} {Num.Count(d.Count)}"))}. " +
          "See the examples in the report, then loosen the filters (--model, --operation, --since/--until, --exclude-metadata).";

    private static string SeveralModels(SelectionResult result) =>
        "The logs kept name several models, and a suite has one baseline: " +
        string.Join(", ", result.CandidatesByBaseModel.Select(m => $"{m.Name} ({Num.Count(m.Count, "record", "records")})")) +
        $". Import one at a time with --model, e.g. --model {result.CandidatesByBaseModel[0].Name}. Nothing was written.";

    /// <summary>A hidden folder beside the output folder, unique to this import.</summary>
    private string TemporaryFolder(string output)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.bmh-import-{stamp}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    private static void MoveInto(string temporary, string output)
    {
        if (ImportPlanBuilder.OutputProblem(output) is { } problem)
        {
            throw new ImportSetupException($"bmh import: {problem}. (It was filled while the logs were read; nothing was written.)");
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output);
        }

        Directory.Move(temporary, output);
    }

    /// <summary>Forwards progress and keeps the last report (the import report's objects and bytes read).</summary>
    private sealed class LastProgress(IProgress<LogReadProgress>? inner) : IProgress<LogReadProgress>
    {
        public LogReadProgress? Last { get; private set; }

        public void Report(LogReadProgress value)
        {
            Last = value;
            inner?.Report(value);
        }
    }
}
