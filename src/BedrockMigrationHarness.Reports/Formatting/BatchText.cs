using System.Collections.Immutable;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>A batch run's jobs and what batch mode does not measure, in the words every writer and the terminal share (docs/batch.md).</summary>
public static class BatchText
{
    /// <summary>Why a batch run has no latency figures, gates or charts.</summary>
    public const string LatencyNotMeasured =
        "Latency is not measured in batch mode: a batch job reports no per-call latency, so the latency gates read NOT MEASURED and no latency chart is drawn. Measure latency with an on-demand run (without --batch).";

    /// <summary>One line per job: "baseline job abc123def456: Completed, 600 of 600 records journaled (598 answered, 2 errors; 120,000 input / 60,000 output tokens) (arn:…)".</summary>
    public static ImmutableArray<string> Jobs(ImmutableArray<BatchJobRecord> jobs) => [.. jobs.Select(Job)];

    private static string Job(BatchJobRecord job)
    {
        var id = job.JobArn is { } arn ? arn[(arn.LastIndexOf('/') + 1)..] : job.JobName;
        var arm = Names.Camel(job.Arm);
        if (job.End is not { } end)
        {
            return job.JobArn is null
                ? $"{arm} job {job.JobName}: planned ({Num.Count(job.Records, "record", "records")}), not created"
                : $"{arm} job {id}: still running when the journal was last written, {Num.Count(job.Records, "record", "records")} ({job.JobArn})";
        }

        var counts = end.Manifest is { } m
            ? $" ({Num.Count(m.SuccessRecordCount)} answered, {Num.Count(m.ErrorRecordCount, "error", "errors")}" +
              (m.InputTokenCount is { } input && m.OutputTokenCount is { } output ? $"; {Num.Count(input)} input / {Num.Count(output)} output tokens)" : ")")
            : string.Empty;
        var message = end.Message is { Length: > 0 } text ? $": {text}" : string.Empty;
        return $"{arm} job {id}: {end.State}{message}, {Num.Count(end.RecordsJournaled)} of {Num.Count(job.Records, "record", "records")} journaled{counts} ({job.JobArn})";
    }
}
