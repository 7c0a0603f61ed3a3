namespace BedrockMigrationHarness.Suites;

/// <summary>
/// The suite's <c>batch:</c> block, or <c>bmh run --batch S3_URI --role-arn ARN</c> (docs/batch.md): the model calls go to
/// Bedrock batch inference, one job per arm, instead of on-demand calls. Off (null on <see cref="SuiteDefinition.Batch"/>)
/// unless asked for.
/// </summary>
/// <param name="Bucket">The S3 bucket the run's input and output objects go to.</param>
/// <param name="Prefix">The key prefix under <paramref name="Bucket"/> (empty, or ending in <c>/</c>).</param>
/// <param name="RoleArn">The IAM service role Bedrock assumes to read the input and write the output.</param>
/// <param name="MinRecordsPerJob">Bedrock's quota "Minimum number of records per batch inference job", checked before upload.</param>
/// <param name="MaxRecordsPerJob">The quota "Records per batch inference job" (and per input file).</param>
/// <param name="MaxInputBytes">The most bytes one input file may hold.</param>
/// <param name="TimeoutHours">The job's <c>timeoutDurationInHours</c>.</param>
/// <param name="PollInterval">The longest wait between two GetModelInvocationJob calls (polling backs off up to it).</param>
public sealed record BatchSettings(
    string Bucket,
    string Prefix,
    string RoleArn,
    int MinRecordsPerJob,
    int MaxRecordsPerJob,
    long MaxInputBytes,
    int TimeoutHours,
    TimeSpan PollInterval)
{
    /// <summary>The minimum records per job when the suite does not say (the value in circulation; quotas vary by model).</summary>
    public const int DefaultMinRecordsPerJob = 100;

    /// <summary>The maximum records per job when the suite does not say.</summary>
    public const int DefaultMaxRecordsPerJob = 50_000;

    /// <summary>The maximum input file size when the suite does not say: 1 GB.</summary>
    public const long DefaultMaxInputBytes = 1_000_000_000;

    /// <summary>The job timeout when the suite does not say.</summary>
    public const int DefaultTimeoutHours = 24;

    /// <summary>The longest wait between polls when the suite does not say.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(60);

    /// <summary>The location as written: <c>s3://bucket/prefix</c>.</summary>
    public string Location => $"s3://{Bucket}/{Prefix}";

    /// <summary>Every default, under <c>s3://<paramref name="bucket"/>/<paramref name="prefix"/></c> with <paramref name="roleArn"/>.</summary>
    public static BatchSettings At(string bucket, string prefix, string roleArn) => new(
        bucket, prefix, roleArn, DefaultMinRecordsPerJob, DefaultMaxRecordsPerJob, DefaultMaxInputBytes, DefaultTimeoutHours, DefaultPollInterval);
}
