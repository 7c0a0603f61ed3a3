using System.Text.Json;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>
/// The jobs, in memory and as one JSON file each under <c>ROOT/.bmh-batch-jobs/</c> (never a bucket: bucket names
/// cannot start with a dot), with processing's work files beside them. Every change is written at once (to a
/// temporary file, then renamed), so an emulator started again on the same root finds every job as it was.
/// </summary>
internal sealed class BatchJobStore
{
    /// <summary>The folder under the S3 root.</summary>
    public const string FolderName = ".bmh-batch-jobs";

    private readonly Dictionary<string, BatchJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public BatchJobStore(string s3Root)
    {
        Folder = Directory.CreateDirectory(Path.Join(s3Root, FolderName)).FullName;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            // A file that is not a job (a torn write cannot happen: writes are renamed into place) is left alone.
            try
            {
                if (JsonSerializer.Deserialize<BatchJob>(File.ReadAllText(file), JsonDefaults.Indented) is { } job)
                {
                    _jobs[job.JobId] = job;
                }
            }
            catch (JsonException)
            {
            }
        }
    }

    /// <summary>The folder that holds the job files and processing's work files.</summary>
    public string Folder { get; }

    /// <summary>Every job, in no order.</summary>
    public IReadOnlyList<BatchJob> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Values];
            }
        }
    }

    public BatchJob? Find(string jobId)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(jobId);
        }
    }

    /// <summary>
    /// The job created with <paramref name="clientRequestToken"/>, or the one <paramref name="create"/> makes now: one
    /// check-and-add, so two creates with the same token racing each other still make one job.
    /// </summary>
    public (BatchJob Job, bool Created) FindOrAdd(string clientRequestToken, Func<BatchJob> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            if (_jobs.Values.FirstOrDefault(j => j.ClientRequestToken == clientRequestToken) is { } existing)
            {
                return (existing, false);
            }

            var job = create();
            Save(job);
            _jobs[job.JobId] = job;
            return (job, true);
        }
    }

    /// <summary>Applies <paramref name="change"/> to the job's current state and saves it; the changed job.</summary>
    public BatchJob Update(string jobId, Func<BatchJob, BatchJob> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var job = change(_jobs[jobId]);
            Save(job);
            _jobs[jobId] = job;
            return job;
        }
    }

    /// <summary>A work file of the job's processing in <see cref="Folder"/>, e.g. <c>ID.staged</c>.</summary>
    public string WorkFile(string jobId, string extension) => Path.Join(Folder, jobId + extension);

    private void Save(BatchJob job)
    {
        var path = Path.Join(Folder, job.JobId + ".json");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(job, JsonDefaults.Indented));
        File.Move(temporary, path, overwrite: true);
    }
}
