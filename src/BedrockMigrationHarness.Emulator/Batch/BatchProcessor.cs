using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Emulator.Http;
using BedrockMigrationHarness.Emulator.Storage;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>
/// The work of a job, in two idempotent steps that a restarted emulator simply does again. <see cref="Stage"/> reads
/// the input object line by line and answers every record with the runtime endpoints' own answer code
/// (<see cref="CallAnswerer"/>), writing the output lines in input order to a work file with a small index beside it
/// (offset, length, tokens); <see cref="Publish"/> copies the records the job processed, in a shuffled order, to
/// <c>OUTPUT/JOB_ID/INPUT_NAME.out</c> and writes <c>manifest.json.out</c>. Nothing holds more than one record's answer.
/// </summary>
internal sealed class BatchProcessor(EmulatorProfile profile, ModelCatalog catalog, S3Folder folder, BatchJobStore store)
{
    private const string StagedExtension = ".staged";
    private const string IndexExtension = ".index";

    /// <summary>Offset (8), length (4), error flag (1), input tokens (4), output tokens (4).</summary>
    private const int IndexEntryBytes = 21;

    /// <summary>Reads and answers the job's input; the staging result (records, or why the job fails).</summary>
    public BatchStaging Stage(BatchJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var input = S3Location.Parse(job.InputUri)!;
        if (folder.CheckBucket(input.Bucket, out var bucketPath) is not null || folder.Find(bucketPath, input.Key) is not { } inputObject)
        {
            return new BatchStaging(0, $"The input file {job.InputUri} no longer exists; upload it and create the job again.");
        }

        var model = catalog.ResolveRuntime(job.ModelId);
        if (model is null)
        {
            return new BatchStaging(0, $"The model {job.ModelId} is no longer served.");
        }

        var limits = profile.Batch;
        var randoms = new RequestRandom(profile.Seed);
        long records = 0;
        using (var reader = new StreamReader(inputObject.Path, Encoding.UTF8))
        using (var staged = new FileStream(store.WorkFile(job.JobId, StagedExtension), FileMode.Create, FileAccess.Write, FileShare.None, 81920))
        using (var index = new FileStream(store.WorkFile(job.JobId, IndexExtension), FileMode.Create, FileAccess.Write, FileShare.None, 81920))
        {
            var entry = new byte[IndexEntryBytes];
            while (reader.ReadLine() is { } line)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (++records > limits.MaxRecords)
                {
                    return new BatchStaging(records, $"The input file {job.InputUri} has more than {limits.MaxRecords} records, the maximum number of records per batch inference job for this model; split it into several jobs.");
                }

                var (output, failed, inputTokens, outputTokens) = Answer(line, records, model, job.InvokeModel, randoms);
                var bytes = Encoding.UTF8.GetBytes(output.ToJsonString(AwsResponses.JsonOptions));
                BinaryPrimitives.WriteInt64LittleEndian(entry, staged.Position);
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(8), bytes.Length);
                entry[12] = failed ? (byte)1 : (byte)0;
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(13), inputTokens);
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(17), outputTokens);
                staged.Write(bytes);
                index.Write(entry);
            }
        }

        return records < limits.MinRecords
            ? new BatchStaging(records, $"The input file {job.InputUri} has {records} records, fewer than {limits.MinRecords}, the minimum number of records per batch inference job for this model.")
            : new BatchStaging(records, null);
    }

    /// <summary>Writes the first <paramref name="processed"/> records (in the job's shuffled order) and the manifest; their counts.</summary>
    public BatchPublication Publish(BatchJob job, long processed)
    {
        ArgumentNullException.ThrowIfNull(job);
        var total = job.Staged!.TotalRecords;
        var index = File.ReadAllBytes(store.WorkFile(job.JobId, IndexExtension));
        var order = Shuffled((int)total, job.JobId);
        var output = S3Location.Parse(job.OutputUri)!;
        var input = S3Location.Parse(job.InputUri)!;
        var inputName = input.Key[(input.Key.LastIndexOf('/') + 1)..];
        folder.CreateBucket(output.Bucket);
        folder.CheckBucket(output.Bucket, out var bucketPath);

        long success = 0, errors = 0, inputTokens = 0, outputTokens = 0;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        string uploadPath;
        using (var staged = new FileStream(store.WorkFile(job.JobId, StagedExtension), FileMode.Open, FileAccess.Read, FileShare.Read, 81920))
        using (var upload = folder.CreateUpload())
        {
            uploadPath = upload.Name;
            var buffer = new byte[64 * 1024];
            foreach (var record in order.Take((int)Math.Min(processed, total)))
            {
                var entry = index.AsSpan(record * IndexEntryBytes, IndexEntryBytes);
                var length = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
                if (buffer.Length < length + 1)
                {
                    buffer = new byte[length + 1];
                }

                staged.Position = BinaryPrimitives.ReadInt64LittleEndian(entry);
                staged.ReadExactly(buffer, 0, length);
                buffer[length] = (byte)'\n';
                upload.Write(buffer, 0, length + 1);
                md5.AppendData(buffer, 0, length + 1);
                if (entry[12] == 1)
                {
                    errors++;
                }
                else
                {
                    success++;
                    inputTokens += BinaryPrimitives.ReadInt32LittleEndian(entry[13..]);
                    outputTokens += BinaryPrimitives.ReadInt32LittleEndian(entry[17..]);
                }
            }
        }

        var prefix = output.Child(job.JobId);
        Commit(uploadPath, bucketPath, prefix + "/" + inputName + ".out", Convert.ToHexStringLower(md5.GetHashAndReset()));
        var publication = new BatchPublication(success + errors, success, errors, inputTokens, outputTokens);
        var manifest = new JsonObject
        {
            ["totalRecordCount"] = total,
            ["processedRecordCount"] = publication.ProcessedRecords,
            ["successRecordCount"] = success,
            ["errorRecordCount"] = errors,
            ["inputTokenCount"] = inputTokens,
            ["outputTokenCount"] = outputTokens,
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(AwsResponses.JsonOptions));
        using (var upload = folder.CreateUpload())
        {
            uploadPath = upload.Name;
            upload.Write(manifestBytes);
        }

        Commit(uploadPath, bucketPath, prefix + "/manifest.json.out", Convert.ToHexStringLower(MD5.HashData(manifestBytes)));
        return publication;
    }

    /// <exception cref="IOException">The folder cannot hold the key (a file stands where a folder must go): the output stays unwritten.</exception>
    private void Commit(string uploadPath, string bucketPath, string key, string etag)
    {
        if (folder.Commit(uploadPath, bucketPath, key, etag) is { } error)
        {
            throw new IOException($"The batch job's output cannot be written: {error.Message}");
        }
    }

    /// <summary>Deletes the job's work files (once its output is published, or when it failed).</summary>
    public void Clean(string jobId)
    {
        File.Delete(store.WorkFile(jobId, StagedExtension));
        File.Delete(store.WorkFile(jobId, IndexExtension));
    }

    /// <summary>One output line for one input line: the answer, or the record's error (errorCode and errorMessage, as Bedrock writes them).</summary>
    private static (JsonObject Line, bool Failed, int InputTokens, int OutputTokens) Answer(string line, long ordinal, ResolvedModel model, bool invoke, RequestRandom randoms)
    {
        JsonObject? record = null;
        string? problem = null;
        try
        {
            record = JsonNode.Parse(line) as JsonObject;
            problem = record is null ? "The record is not a JSON object." : null;
        }
        catch (JsonException e)
        {
            problem = $"The record is not valid JSON: {e.Message}";
        }

        // Bedrock adds a missing recordId; a letter first keeps it apart from every all-digit id a client writes.
        var recordId = record?["recordId"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
            ? id.GetValue<string>()
            : FormattableString.Invariant($"L{ordinal:D10}");
        var output = new JsonObject { ["recordId"] = recordId };
        if (record?["modelInput"] is not JsonObject modelInput)
        {
            output["error"] = Error(400, problem ?? "The record has no modelInput object.");
            return (output, true, 0, 0);
        }

        record.Remove("modelInput");
        output["modelInput"] = modelInput;
        try
        {
            var (request, anthropic) = CallAnswerer.Read(modelInput, invoke, model);
            var random = randoms.Next(model.ModelId, Encoding.UTF8.GetBytes(modelInput.ToJsonString()));
            var call = CallAnswerer.Draw(model, request, anthropic, CaseIdReader.FromBody(modelInput), random, streaming: false);
            if (call.ServiceError is { } error)
            {
                output["error"] = Error(error.Status, error.Message);
                return (output, true, 0, 0);
            }

            output["modelOutput"] = CallAnswerer.Render(call, call.Answer, invoke, model.ModelId, 0);
            return (output, false, call.Answer.InputTokens, call.Answer.OutputTokens);
        }
        catch (RequestValidationException e)
        {
            output["error"] = Error(400, e.Message);
            return (output, true, 0, 0);
        }
    }

    private static JsonObject Error(int code, string message) => new() { ["errorCode"] = code, ["errorMessage"] = message };

    /// <summary>0 … count-1 in an order fixed by the job id (Fisher–Yates), as Bedrock does not keep the input's order.</summary>
    private static int[] Shuffled(int count, string jobId)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))).Shuffle(order);
        return order;
    }
}
