using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds the suite's <c>batch:</c> (docs/batch.md, "Suite keys"): a mapping of <c>s3</c> and <c>role_arn</c> (required) and
/// <c>min_records</c>, <c>max_records</c>, <c>max_input_mb</c>, <c>timeout_hours</c> and <c>poll_seconds</c> over the defaults of
/// <see cref="BatchSettings"/>.
/// </summary>
internal sealed class BatchBinder(YamlFieldReader reader)
{
    /// <summary>The suite key, and the field every problem of the block starts with.</summary>
    public const string Key = "batch";

    /// <summary>The most records per job Bedrock's quota can be raised to that bmh accepts.</summary>
    public const int MaxRecordsLimit = 1_000_000;

    private const string Example = "batch: { s3: s3://my-bucket/bmh-batch/, role_arn: arn:aws:iam::123456789012:role/BedrockBatchInference }";

    private static readonly ImmutableArray<string> Keys = ["s3", "role_arn", "min_records", "max_records", "max_input_mb", "timeout_hours", "poll_seconds"];

    /// <summary>The settings of <paramref name="node"/>, or null when it is absent or wrong (then reported).</summary>
    public BatchSettings? Bind(YamlNode? node)
    {
        if (reader.Mapping(node, Key, $"batch must be a mapping with s3 and role_arn, e.g. {Example}") is not { } map)
        {
            return null;
        }

        var before = reader.Problems.Count;
        reader.CheckKeys(map, Key, Keys);
        var s3Node = reader.Required(map, "s3", Key, "s3: s3://my-bucket/bmh-batch/");
        var location = reader.Text(s3Node, Field("s3"), "s3 must be the S3 location of the run's input and output objects, e.g. s3: s3://my-bucket/bmh-batch/");
        (string Bucket, string Prefix)? parsed = null;
        if (location is not null)
        {
            parsed = BatchSettings.ParseLocation(location, out var problem);
            if (problem is not null)
            {
                reader.Report(s3Node!, Field("s3"), problem);
            }
        }

        var roleNode = reader.Required(map, "role_arn", Key, "role_arn: arn:aws:iam::123456789012:role/BedrockBatchInference");
        var role = reader.Text(roleNode, Field("role_arn"), "role_arn must be the ARN of the IAM service role Bedrock assumes, e.g. role_arn: arn:aws:iam::123456789012:role/BedrockBatchInference");
        if (role is not null && BatchSettings.CheckRoleArn(role) is { } roleProblem)
        {
            reader.Report(roleNode!, Field("role_arn"), roleProblem);
        }

        var minRecords = reader.Whole(YamlFieldReader.Get(map, "min_records"), Field("min_records"), 1, MaxRecordsLimit,
            string.Create(CultureInfo.InvariantCulture, $"min_records (Bedrock's minimum number of records per batch job) must be a whole number from 1 to {MaxRecordsLimit}, e.g. min_records: 100"));
        var maxRecordsNode = YamlFieldReader.Get(map, "max_records");
        var maxRecords = reader.Whole(maxRecordsNode, Field("max_records"), 1, MaxRecordsLimit,
            string.Create(CultureInfo.InvariantCulture, $"max_records (records per batch job and input file) must be a whole number from 1 to {MaxRecordsLimit}, e.g. max_records: 50000"));
        var maxInputMb = reader.Whole(YamlFieldReader.Get(map, "max_input_mb"), Field("max_input_mb"), 1, 1_000_000,
            "max_input_mb (the largest input file, in MB of 10^6 bytes) must be a whole number from 1 to 1000000, e.g. max_input_mb: 1000");
        var timeout = reader.Whole(YamlFieldReader.Get(map, "timeout_hours"), Field("timeout_hours"), 24, 168,
            "timeout_hours (the job's timeoutDurationInHours) must be a whole number from 24 to 168, e.g. timeout_hours: 24");
        var poll = reader.Whole(YamlFieldReader.Get(map, "poll_seconds"), Field("poll_seconds"), 1, 3600,
            "poll_seconds (the longest wait between two polls of a job) must be a whole number from 1 to 3600, e.g. poll_seconds: 60");
        if (reader.Problems.Count != before || parsed is not { } at || role is null)
        {
            return null;
        }

        var settings = BatchSettings.At(at.Bucket, at.Prefix, role) with
        {
            MinRecordsPerJob = (int?)minRecords ?? BatchSettings.DefaultMinRecordsPerJob,
            MaxRecordsPerJob = (int?)maxRecords ?? BatchSettings.DefaultMaxRecordsPerJob,
            MaxInputBytes = maxInputMb is { } mb ? mb * 1_000_000 : BatchSettings.DefaultMaxInputBytes,
            TimeoutHours = (int?)timeout ?? BatchSettings.DefaultTimeoutHours,
            PollInterval = poll is { } seconds ? TimeSpan.FromSeconds(seconds) : BatchSettings.DefaultPollInterval,
        };
        if (settings.MaxRecordsPerJob < settings.MinRecordsPerJob)
        {
            reader.Report(maxRecordsNode ?? map, Field("max_records"), string.Create(CultureInfo.InvariantCulture,
                $"max_records ({settings.MaxRecordsPerJob}) is below min_records ({settings.MinRecordsPerJob}): no job could be sent; raise max_records or lower min_records"));
            return null;
        }

        return settings;
    }

    private static string Field(string key) => YamlFieldReader.Join(Key, key);
}
