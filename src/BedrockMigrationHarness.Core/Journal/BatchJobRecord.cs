using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// A batch inference job of a run as the journal last wrote it (docs/batch.md): planned before CreateModelInvocationJob
/// (so a run killed before the ARN came back creates it again with the same token, and Bedrock returns the same job),
/// its ARN once created, and its end once every output record is journaled. <c>--resume</c> re-attaches to a job with an
/// ARN and no end instead of creating another.
/// </summary>
/// <param name="ClientRequestToken">The job's idempotency token, unique in the run: the same token, the same job.</param>
/// <param name="Number">1 for the arm's first job, counting jobs sent again on resume and jobs split by the quota.</param>
/// <param name="Records">The records of its input file.</param>
/// <param name="PlannedAt">When its line was first written, before the create call.</param>
public sealed record BatchJobRecord(
    string ClientRequestToken,
    Arm Arm,
    int Number,
    string JobName,
    string ModelId,
    BatchInvocationType InvocationType,
    S3Uri InputUri,
    S3Uri OutputUri,
    int Records,
    DateTimeOffset PlannedAt)
{
    /// <summary>The job's ARN; null until CreateModelInvocationJob answered.</summary>
    public string? JobArn { get; init; }

    /// <summary>When the job was created (the start time of its records, which measure no latency).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>How the job ended; null while it may still run.</summary>
    public BatchJobEnd? End { get; init; }
}

/// <summary>How a batch job ended, written once its output records are in the journal.</summary>
/// <param name="Message">The job's message (why it failed or stopped), when it gave one.</param>
/// <param name="RecordsJournaled">Output records journaled as attempts.</param>
/// <param name="Manifest">The job's <c>manifest.json.out</c>; null when it wrote none.</param>
public sealed record BatchJobEnd(BatchJobState State, string? Message, int RecordsJournaled, BatchManifest? Manifest, DateTimeOffset EndedAt);
