using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace BedrockMigrationHarness.Import.Reporting;

/// <summary>
/// <c>import-report.json</c>: the import report's on-disk contract, versioned by <see cref="FormatVersion"/> (an added
/// optional member keeps the version; a removed or changed one bumps it). Times are ISO 8601 UTC; counts are numbers.
/// </summary>
internal sealed record ImportReportDocument(
    int FormatVersion,
    DateTimeOffset GeneratedAt,
    ImmutableArray<string> Sources,
    ImportReportDocument.ReadDto Read,
    ImportReportDocument.SelectionDto Selection,
    ImmutableArray<ImportReportDocument.DropDto> Dropped,
    ImmutableArray<ImportReportDocument.CountDto> Models,
    ImmutableArray<ImportReportDocument.CountDto> Operations,
    ImportReportDocument.DatesDto Dates,
    ImportReportDocument.SamplingDto Sampling,
    ImmutableArray<ImportReportDocument.RepeatDto> Repeats,
    ImmutableArray<ImportReportDocument.CountDto> NotReplayed,
    ImportReportDocument.RedactionDto Redaction,
    ImportReportDocument.SuiteDto? Suite,
    string? Problem)
{
    public const int CurrentFormatVersion = 1;

    /// <param name="ObjectsRead">Files or S3 objects read.</param>
    /// <param name="BytesRead">Bytes read from them (as stored, compressed or not).</param>
    public sealed record ReadDto(int ObjectsRead, long BytesRead, long Records);

    /// <param name="Kept">Records written as cases.</param>
    /// <param name="Dropped">Records dropped: <c>Records = Kept + Dropped</c>.</param>
    public sealed record SelectionDto(long Records, int Kept, long Dropped);

    public sealed record DropDto(string Reason, long Count, ImmutableArray<ExampleDto> Examples);

    public sealed record ExampleDto(string Origin, string? RequestId, string Detail);

    public sealed record CountDto(string Name, long Count);

    /// <param name="LogsFirst">The earliest timestamp of a decoded record; null when none.</param>
    /// <param name="CasesFirst">The earliest timestamp of a written case.</param>
    public sealed record DatesDto(DateTimeOffset? LogsFirst, DateTimeOffset? LogsLast, DateTimeOffset? CasesFirst, DateTimeOffset? CasesLast, DateTimeOffset? Since, DateTimeOffset? Until);

    /// <param name="Sample">The cap on cases: --sample, or the import's maximum.</param>
    /// <param name="Requested">True when --sample was given.</param>
    public sealed record SamplingDto(int Sample, bool Requested, string Stratify, int Seed, ImmutableArray<StratumDto> Strata);

    public sealed record StratumDto(string Stratum, long Available, int Selected);

    /// <param name="CaseId">The case written for it, or null when the sample left it out.</param>
    public sealed record RepeatDto(string RequestId, string? CaseId, int TimesSeen);

    public sealed record RedactionDto(bool Enabled, ImmutableArray<CountDto> Replacements);

    public sealed record SuiteDto(string Name, string Baseline, string Candidate, int Cases, int ToolSchemas, int MediaFiles);

    public static ImportReportDocument From(ImportReport report) => new(
        CurrentFormatVersion,
        report.GeneratedAt,
        report.Plan.Sources,
        new ReadDto(report.Read?.ObjectsRead ?? 0, report.Read?.BytesRead ?? 0, report.RecordsRead),
        new SelectionDto(report.RecordsRead, report.CasesWritten, report.Dropped),
        [.. report.Drops.Select(d => new DropDto(d.Reason.ToString(), d.Count,
            [.. d.Examples.Select(e => new ExampleDto(e.Origin.ToString(), e.RequestId, e.Detail))]))],
        [.. report.Census.Models.Select(m => new CountDto(m.Name, m.Count))],
        [.. report.Census.Operations.Select(m => new CountDto(m.Name, m.Count))],
        new DatesDto(report.Census.First, report.Census.Last, report.CasesFirst, report.CasesLast, report.Plan.Since, report.Plan.Until),
        new SamplingDto(report.Plan.SampleSize, report.Plan.SampleRequested, report.Plan.Stratify.ToString().ToLowerInvariant(), report.Plan.Seed,
            [.. report.Strata.Select(s => new StratumDto(s.Label, s.Available, s.Selected))]),
        [.. report.Repeats.Select(r => new RepeatDto(r.RequestId, report.CaseIds.GetValueOrDefault(r.RequestId), r.TimesSeen))],
        [.. report.NotReplayed.Select(n => new CountDto(n.Key, n.Value))],
        new RedactionDto(report.Redaction is not null, [.. (report.Redaction ?? ImmutableSortedDictionary<string, int>.Empty).Select(r => new CountDto(r.Key, r.Value))]),
        report.Suite is { } suite ? new SuiteDto(suite.Name, suite.Baseline, suite.Candidate, report.CasesWritten, suite.ToolSchemas, suite.MediaFiles) : null,
        report.Problem);
}

/// <summary>The source-generated serializer of <c>import-report.json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImportReportDocument))]
internal sealed partial class ImportReportJsonContext : JsonSerializerContext;
