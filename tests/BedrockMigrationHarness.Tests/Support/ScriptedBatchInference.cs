using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>
/// An in-memory Bedrock batch service behind <see cref="IBatchInference"/>, deterministic: a job is InProgress for
/// <see cref="PollsInProgress"/> polls, then Completed (PartiallyCompleted when <see cref="Unanswered"/> drops records). Jobs
/// live in <see cref="Service"/>, which a second instance can share (a resumed process talking to the same account).
/// </summary>
internal sealed class ScriptedBatchInference(ScriptedBatchInference.BatchService? service = null) : IBatchInference
{
    /// <summary>The account's jobs and objects, shared by the instances given it.</summary>
    public BatchService Service { get; } = service ?? new BatchService();

    /// <summary>Polls a job answers InProgress before it ends.</summary>
    public int PollsInProgress { get; init; }

    /// <summary>Record ids a job leaves without output (the job ends PartiallyCompleted).</summary>
    public IReadOnlySet<string> Unanswered { get; init; } = new HashSet<string>();

    /// <summary>Called on every poll, before it answers (a test cancels the run here: a kill mid-poll).</summary>
    public Action<string>? OnGet { get; init; }

    /// <summary>Create calls this instance received, the repeated ones included.</summary>
    public int CreateCalls => _creates;

    private int _creates;

    public Task<long> UploadInputAsync(S3Uri uri, BatchInvocationType invocationType, IEnumerable<BatchInputRecord> records, long maxBytes, CancellationToken cancellationToken)
    {
        var list = records.ToList();
        Service.Objects[uri.ToString()] = list;
        return Task.FromResult(list.Count * 100L);
    }

    public Task<string> CreateJobAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _creates);
        var job = Service.Jobs.GetOrAdd(request.ClientRequestToken, token => new Job(
            string.Create(CultureInfo.InvariantCulture, $"arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/job{Service.Jobs.Count:D9}"),
            request, Service.Objects[request.InputUri.ToString()]));
        return Task.FromResult(job.Arn);
    }

    public Task<BatchJobStatus> GetJobAsync(string jobArn, CancellationToken cancellationToken)
    {
        OnGet?.Invoke(jobArn);
        cancellationToken.ThrowIfCancellationRequested();
        var job = Find(jobArn);
        job.Polls++;
        var state = job.Stopped ? BatchJobState.Stopped
            : job.Polls <= PollsInProgress ? BatchJobState.InProgress
            : job.Records.Any(r => Unanswered.Contains(r.RecordId)) ? BatchJobState.PartiallyCompleted
            : BatchJobState.Completed;
        var processed = state == BatchJobState.InProgress ? job.Records.Count / 2 : job.Records.Count;
        return Task.FromResult(new BatchJobStatus(jobArn, state, null, job.Request.OutputUri, job.Records.Count, processed, processed, 0));
    }

    public Task StopJobAsync(string jobArn, CancellationToken cancellationToken)
    {
        Find(jobArn).Stopped = true;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BatchOutputRecord> ReadOutputAsync(
        string jobArn, S3Uri outputUri, S3Uri inputUri, BatchInvocationType invocationType, string? invokeTextPointer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        // Output order is not the input's.
        foreach (var record in Find(jobArn).Records.Where(r => !Unanswered.Contains(r.RecordId)).Reverse())
        {
            var text = record.Request.LastUserText + " answered by " + record.Request.ModelId;
            yield return new BatchOutputRecord(record.RecordId,
                new ModelCallResult(CallOutcome.Success, text, "end_turn", 10, 5, null, 0, null, 200, null, null), null);
        }
    }

    public Task<BatchManifest?> ReadManifestAsync(string jobArn, S3Uri outputUri, CancellationToken cancellationToken)
    {
        var job = Find(jobArn);
        var answered = job.Records.Count(r => !Unanswered.Contains(r.RecordId));
        return Task.FromResult<BatchManifest?>(new BatchManifest(job.Records.Count, answered, answered, 0, 10L * answered, 5L * answered));
    }

    private Job Find(string arn) => Service.Jobs.Values.Single(j => j.Arn == arn);

    /// <summary>The account: jobs by client request token, input objects by URI.</summary>
    internal sealed class BatchService
    {
        public ConcurrentDictionary<string, Job> Jobs { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, List<BatchInputRecord>> Objects { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One job of the account.</summary>
    internal sealed class Job(string arn, BatchJobRequest request, List<BatchInputRecord> records)
    {
        public string Arn { get; } = arn;

        public BatchJobRequest Request { get; } = request;

        public List<BatchInputRecord> Records { get; } = records;

        public int Polls { get; set; }

        public bool Stopped { get; set; }
    }
}
