using System.Text.RegularExpressions;
using BedrockMigrationHarness.Vocabulary;

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
public sealed partial record BatchSettings(
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

    /// <summary>The jobs <paramref name="records"/> records of one arm go in: as few as <see cref="MaxRecordsPerJob"/> allows.</summary>
    public int JobsFor(long records) => (int)((records + MaxRecordsPerJob - 1) / MaxRecordsPerJob);

    /// <summary>The location as written: <c>s3://bucket/prefix</c>.</summary>
    public string Location => $"s3://{Bucket}/{Prefix}";

    /// <summary>Every default, under <c>s3://<paramref name="bucket"/>/<paramref name="prefix"/></c> with <paramref name="roleArn"/>.</summary>
    public static BatchSettings At(string bucket, string prefix, string roleArn) => new(
        bucket, prefix, roleArn, DefaultMinRecordsPerJob, DefaultMaxRecordsPerJob, DefaultMaxInputBytes, DefaultTimeoutHours, DefaultPollInterval);

    /// <summary>
    /// The bucket and prefix of <paramref name="location"/> (<c>s3://bucket/prefix</c>; the prefix gets a trailing <c>/</c>),
    /// or null with <paramref name="problem"/> saying what is wrong and how to write it.
    /// </summary>
    public static (string Bucket, string Prefix)? ParseLocation(string location, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(location);
        const string Advice = "write the bucket and prefix for the run's input and output objects, e.g. s3://my-bucket/bmh-batch/";
        problem = null;
        if (!S3Uri.TryParse(location, out var uri))
        {
            problem = location.StartsWith("s3://", StringComparison.Ordinal)
                ? $"`` is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit); {Advice}"
                : $"`{location}` is not an S3 location; {Advice}";
            return null;
        }

        var (bucket, prefix) = (uri.Bucket, uri.Key);
        if (!BucketName().IsMatch(bucket))
        {
            problem = $"`{bucket}` is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit); {Advice}";
            return null;
        }

        if (prefix.Length > 512 || prefix.Any(c => char.IsControl(c)) || prefix.Contains("//", StringComparison.Ordinal) || prefix.StartsWith('/'))
        {
            problem = $"`{prefix}` is not a usable key prefix (at most 512 characters, no control characters, no empty path segment); {Advice}";
            return null;
        }

        return (bucket, prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/");
    }

    /// <summary>Null when <paramref name="roleArn"/> reads as an IAM role ARN; else what is wrong.</summary>
    public static string? CheckRoleArn(string roleArn) => RoleArnPattern().IsMatch(roleArn ?? string.Empty)
        ? null
        : $"`{roleArn}` is not an IAM role ARN; write the ARN of the service role Bedrock assumes for batch jobs, e.g. arn:aws:iam::123456789012:role/BedrockBatchInference";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/\-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
