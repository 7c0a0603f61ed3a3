using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// The names of a batch run's jobs and objects, all derived from the journal header, so a resumed run finds the same ones
/// (docs/batch.md, "Objects and names"): the run id <c>&lt;suite&gt;-&lt;start time&gt;-&lt;fingerprint&gt;</c>, each job's
/// input <c>s3://bucket/prefix&lt;run id&gt;/&lt;arm&gt;-&lt;n&gt;/input.jsonl</c> and output prefix <c>…/&lt;arm&gt;-&lt;n&gt;/output/</c>,
/// and its client request token and job name, which Bedrock requires alphanumeric with hyphens.
/// </summary>
internal static class BatchJobLayout
{
    /// <summary>The run's id in object keys: the suite's name in key-safe characters, its start time and 8 digits of its fingerprint.</summary>
    public static string RunId(JournalHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var name = new string([.. header.Suite.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(40)]);
        return string.Create(CultureInfo.InvariantCulture,
            $"{(name.Length == 0 ? "suite" : name)}-{header.StartedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{header.Fingerprint[..Math.Min(8, header.Fingerprint.Length)]}");
    }

    /// <summary>The job record of <paramref name="arm"/>'s job number <paramref name="number"/>, before it is created.</summary>
    public static BatchJobRecord Plan(JournalHeader header, BatchSettings batch, Arm arm, int number, string modelId, int records, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var runId = RunId(header);
        var armName = EnumNames<Arm>.Name(arm);
        var folder = string.Create(CultureInfo.InvariantCulture, $"{batch.Prefix}{runId}/{armName}-{number}/");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{runId}\n{armName}\n{number}"))));
        return new BatchJobRecord(
            string.Create(CultureInfo.InvariantCulture, $"bmh-{hash[..32]}"),
            arm,
            number,
            string.Create(CultureInfo.InvariantCulture, $"bmh-{armName}-{number}-{hash[..12]}"),
            modelId,
            header.Suite.Invoke is null ? BatchInvocationType.Converse : BatchInvocationType.InvokeModel,
            new S3Uri(batch.Bucket, folder + "input.jsonl"),
            new S3Uri(batch.Bucket, folder + "output/"),
            records,
            at);
    }

    /// <summary>The create request of <paramref name="job"/>.</summary>
    public static BatchJobRequest Request(BatchJobRecord job, BatchSettings batch) => new(
        job.JobName, job.ClientRequestToken, job.ModelId, batch.RoleArn, job.InputUri, job.OutputUri, job.InvocationType, batch.TimeoutHours);

    /// <summary>The job id of an ARN (its last segment), as progress lines name it.</summary>
    public static string JobId(string jobArn)
    {
        ArgumentNullException.ThrowIfNull(jobArn);
        var slash = jobArn.LastIndexOf('/');
        return slash >= 0 ? jobArn[(slash + 1)..] : jobArn;
    }

    /// <summary>
    /// The sizes of the jobs <paramref name="records"/> records are split into: as few as <see cref="BatchSettings.MaxRecordsPerJob"/>
    /// allows, as even as possible. Empty when <paramref name="records"/> is 0.
    /// </summary>
    public static IReadOnlyList<int> Split(int records, BatchSettings batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (records <= 0)
        {
            return [];
        }

        var jobs = batch.JobsFor(records);
        return [.. Enumerable.Range(0, jobs).Select(i => records / jobs + (i < records % jobs ? 1 : 0))];
    }

    /// <summary>
    /// Why <paramref name="records"/> records of <paramref name="arm"/> cannot go as batch jobs (fewer than the minimum per job,
    /// or a split whose smallest job is below it); null when they can.
    /// </summary>
    public static string? QuotaProblem(Arm arm, int records, BatchSettings batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (records == 0 || Split(records, batch).Min() >= batch.MinRecordsPerJob)
        {
            return null;
        }

        return records < batch.MinRecordsPerJob
            ? string.Create(CultureInfo.InvariantCulture,
                $"the {EnumNames<Arm>.Name(arm)} arm has {records} records, below {batch.MinRecordsPerJob}, the minimum records per batch job (batch.min_records, Bedrock's quota)")
            : string.Create(CultureInfo.InvariantCulture,
                $"the {EnumNames<Arm>.Name(arm)} arm's {records} records split into jobs of at most {batch.MaxRecordsPerJob} (batch.max_records) leave a job below {batch.MinRecordsPerJob} records (batch.min_records)");
    }
}
