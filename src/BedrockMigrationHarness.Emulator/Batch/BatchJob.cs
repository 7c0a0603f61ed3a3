namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>
/// A batch inference job as the emulator keeps it, one JSON file per job under the S3 root (<see cref="BatchJobStore"/>):
/// what CreateModelInvocationJob asked for, when, whether it was stopped, and what processing found. Its status is not
/// stored: <see cref="BatchTimeline"/> derives it from these facts and the clock, so a restarted emulator continues it.
/// </summary>
/// <param name="JobId">12 lowercase letters and digits, the ARN's last segment.</param>
/// <param name="ModelId">The model id as the request gave it.</param>
/// <param name="InputUri">The input object, <c>s3://bucket/key</c>.</param>
/// <param name="OutputUri">The output location (a prefix) as the request gave it.</param>
/// <param name="InvokeModel">Records are InvokeModel bodies (<c>modelInvocationType: InvokeModel</c>) rather than Converse bodies.</param>
internal sealed record BatchJob(
    string JobId,
    string JobArn,
    string JobName,
    string ModelId,
    string RoleArn,
    string ClientRequestToken,
    string InputUri,
    string OutputUri,
    bool InvokeModel,
    int TimeoutHours,
    DateTimeOffset SubmitTime)
{
    /// <summary>When StopModelInvocationJob arrived; null while not stopped.</summary>
    public DateTimeOffset? StopTime { get; init; }

    /// <summary>What reading and answering the input found; null until done (the job stays Validating meanwhile).</summary>
    public BatchStaging? Staged { get; init; }

    /// <summary>What was written to the output location; null until the job ended with output.</summary>
    public BatchPublication? Published { get; init; }

    /// <summary>The job's <c>modelInvocationType</c>.</summary>
    public string InvocationType => InvokeModel ? "InvokeModel" : "Converse";
}

/// <summary>The input as processing found it.</summary>
/// <param name="TotalRecords">Records (non-blank lines) in the input.</param>
/// <param name="Failure">Why the job fails validation (too few or too many records, input gone); null when it runs.</param>
internal sealed record BatchStaging(long TotalRecords, string? Failure);

/// <summary>The counts of the published output, as its manifest has them.</summary>
internal sealed record BatchPublication(long ProcessedRecords, long SuccessRecords, long ErrorRecords, long InputTokens, long OutputTokens);
