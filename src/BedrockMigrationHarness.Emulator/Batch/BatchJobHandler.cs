using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Emulator.Http;
using BedrockMigrationHarness.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>
/// CreateModelInvocationJob, GetModelInvocationJob, ListModelInvocationJobs and StopModelInvocationJob, with the
/// service model's paths, shapes and constraints (docs/emulator.md, "Batch inference"). Without an S3 root every one
/// answers a ValidationException saying how to start the emulator with one.
/// </summary>
internal sealed partial class BatchJobHandler(ModelCatalog catalog, S3Folder? folder, BatchJobRunner? runner)
{
    private const string DefaultAccount = "123456789012";
    private const int DefaultTimeoutHours = 24;
    private const int DefaultMaxResults = 1000;

    private static readonly AwsError NoS3Root = AwsError.Validation(
        "The emulator runs batch inference jobs only when it serves S3: start it with --s3-root FOLDER (bmh emulate), one sub-folder per bucket.");

    private static readonly BatchJobState[] Ended =
        [BatchJobState.Completed, BatchJobState.PartiallyCompleted, BatchJobState.Failed, BatchJobState.Stopped, BatchJobState.Expired];

    public Task CreateAsync(HttpContext context, byte[] body, string region)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (folder is null || runner is null)
        {
            return AwsResponses.WriteErrorAsync(context, NoS3Root);
        }

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return AwsResponses.WriteErrorAsync(context, AwsError.Validation($"The request body is not valid JSON: {e.Message}"));
        }

        if (Check(request) is { } invalid)
        {
            return AwsResponses.WriteErrorAsync(context, invalid);
        }

        var jobName = request["jobName"]!.GetValue<string>();
        var roleArn = request["roleArn"]!.GetValue<string>();
        var modelId = request["modelId"]!.GetValue<string>();
        var input = S3Location.Parse(Member(Member(request["inputDataConfig"], "s3InputDataConfig"), "s3Uri")!.GetValue<string>())!;
        var output = S3Location.Parse(Member(Member(request["outputDataConfig"], "s3OutputDataConfig"), "s3Uri")!.GetValue<string>())!;
        var invokeModel = request["modelInvocationType"]?.GetValue<string>() != "Converse";
        var timeout = request["timeoutDurationInHours"]?.GetValue<int>() ?? DefaultTimeoutHours;
        var token = request["clientRequestToken"]?.GetValue<string>() ?? Guid.NewGuid().ToString();

        if (catalog.ResolveRuntime(modelId) is not { } model || model.Profile.Lifecycle == ModelLifecycleStatus.Eol)
        {
            return AwsResponses.WriteErrorAsync(context, AwsError.Validation($"The provided model identifier is invalid: {modelId} is not a model the emulator's profile serves."));
        }

        if (!model.Profile.BatchSupported)
        {
            return AwsResponses.WriteErrorAsync(context, AwsError.Validation($"The model {modelId} does not support batch inference (the emulator profile sets batch: false for {model.ModelId}); use on-demand inference."));
        }

        if (CheckLocations(input, output) is { } location)
        {
            return AwsResponses.WriteErrorAsync(context, location);
        }

        var account = AccountOf(roleArn);
        var (job, created) = runner.Store.FindOrAdd(token, () =>
        {
            var id = NewJobId();
            return new BatchJob(
                id, $"arn:aws:bedrock:{region}:{account}:model-invocation-job/{id}", jobName, modelId, roleArn, token,
                input.ToString(), output.ToString(), invokeModel, timeout, runner.Now);
        });
        if (created)
        {
            runner.Wake();
        }

        return AwsResponses.WriteJsonAsync(context, 200, new JsonObject { ["jobArn"] = job.JobArn });
    }

    public async Task GetAsync(HttpContext context, string identifier)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await ObserveOrAnswerErrorAsync(context, identifier) is not (_, var job, var progress))
        {
            return;
        }

        await AwsResponses.WriteJsonAsync(context, 200, Describe(job, progress, summary: false));
    }

    public async Task ListAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (runner is null)
        {
            await AwsResponses.WriteErrorAsync(context, NoS3Root);
            return;
        }

        var query = context.Request.Query;
        var problems = new List<string>();
        BatchJobState? status = null;
        if (query.TryGetValue("statusEquals", out var statusText))
        {
            if (Enum.GetNames<BatchJobState>().Contains(statusText.ToString(), StringComparer.Ordinal))
            {
                status = Enum.Parse<BatchJobState>(statusText.ToString());
            }
            else
            {
                Violation(problems, "statusEquals", statusText.ToString(), $"Member must satisfy enum value set: [{string.Join(", ", Enum.GetNames<BatchJobState>())}]");
            }
        }

        var nameContains = query["nameContains"].ToString();
        var maxResults = DefaultMaxResults;
        if (query.TryGetValue("maxResults", out var maxText)
            && (!int.TryParse(maxText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out maxResults) || maxResults is < 1 or > 1000))
        {
            Violation(problems, "maxResults", maxText.ToString(), "Member must have value between 1 and 1000");
        }

        var sortOrder = query.TryGetValue("sortOrder", out var orderText) ? orderText.ToString() : "Descending";
        if (sortOrder is not ("Ascending" or "Descending"))
        {
            Violation(problems, "sortOrder", sortOrder, "Member must satisfy enum value set: [Ascending, Descending]");
        }

        if (query.TryGetValue("sortBy", out var sortBy) && sortBy.ToString() != "CreationTime")
        {
            Violation(problems, "sortBy", sortBy.ToString(), "Member must satisfy enum value set: [CreationTime]");
        }

        var after = Time(query, "submitTimeAfter", problems);
        var before = Time(query, "submitTimeBefore", problems);
        var start = 0;
        if (query.TryGetValue("nextToken", out var tokenText) && !int.TryParse(tokenText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            Violation(problems, "nextToken", tokenText.ToString(), "Member must be a token a previous ListModelInvocationJobs returned");
        }

        if (problems.Count > 0)
        {
            await AwsResponses.WriteErrorAsync(context, Constraints(problems));
            return;
        }

        var jobs = runner.Store.All
            .Where(j => nameContains.Length == 0 || j.JobName.Contains(nameContains, StringComparison.Ordinal))
            .Where(j => after is null || j.SubmitTime > after)
            .Where(j => before is null || j.SubmitTime < before);
        jobs = sortOrder == "Ascending"
            ? jobs.OrderBy(j => j.SubmitTime).ThenBy(j => j.JobId, StringComparer.Ordinal)
            : jobs.OrderByDescending(j => j.SubmitTime).ThenBy(j => j.JobId, StringComparer.Ordinal);
        var summaries = new List<JsonNode>();
        var matched = 0;
        foreach (var found in jobs)
        {
            var (job, progress) = await runner.Observe(found, context.RequestAborted);
            if (status is { } wanted && progress.State != wanted)
            {
                continue;
            }

            if (matched++ >= start && summaries.Count < maxResults)
            {
                summaries.Add(Describe(job, progress, summary: true));
            }
        }

        var page = new JsonObject { ["invocationJobSummaries"] = new JsonArray([.. summaries]) };
        if (start + summaries.Count < matched)
        {
            page["nextToken"] = (start + summaries.Count).ToString(CultureInfo.InvariantCulture);
        }

        await AwsResponses.WriteJsonAsync(context, 200, page);
    }

    public async Task StopAsync(HttpContext context, string identifier)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await ObserveOrAnswerErrorAsync(context, identifier) is not (var active, var job, var progress))
        {
            return;
        }

        if (Ended.Contains(progress.State))
        {
            await AwsResponses.WriteErrorAsync(context, AwsError.Validation($"The job {job.JobArn} cannot be stopped: it has already ended with status {progress.State}."));
            return;
        }

        if (job.StopTime is null)
        {
            var now = active.Now;
            active.Store.Update(job.JobId, j => j with { StopTime = j.StopTime ?? now });
            active.Wake();
        }

        await AwsResponses.WriteJsonAsync(context, 200, new JsonObject());
    }

    private static JsonObject Describe(BatchJob job, BatchProgress progress, bool summary)
    {
        var description = new JsonObject
        {
            ["jobArn"] = job.JobArn,
            ["jobName"] = job.JobName,
            ["modelId"] = job.ModelId,
            ["clientRequestToken"] = job.ClientRequestToken,
            ["roleArn"] = job.RoleArn,
            ["status"] = progress.State.ToString(),
        };
        if (progress.Message is { } message)
        {
            description["message"] = message;
        }

        description["submitTime"] = Timestamp(job.SubmitTime);
        description["lastModifiedTime"] = Timestamp(progress.LastModified);
        if (progress.EndTime is { } end)
        {
            description["endTime"] = Timestamp(end);
        }

        description["inputDataConfig"] = new JsonObject { ["s3InputDataConfig"] = new JsonObject { ["s3InputFormat"] = "JSONL", ["s3Uri"] = job.InputUri } };
        description["outputDataConfig"] = new JsonObject { ["s3OutputDataConfig"] = new JsonObject { ["s3Uri"] = job.OutputUri } };
        description["timeoutDurationInHours"] = job.TimeoutHours;
        description["jobExpirationTime"] = Timestamp(job.SubmitTime + TimeSpan.FromHours(job.TimeoutHours));
        if (!summary)
        {
            description["modelInvocationType"] = job.InvocationType;
            if (job.Staged is { Failure: null } staged)
            {
                description["totalRecordCount"] = staged.TotalRecords;
            }

            if (progress.Processed is { } processed)
            {
                description["processedRecordCount"] = processed;
            }

            if (job.Published is { } published && progress.Ended)
            {
                description["successRecordCount"] = published.SuccessRecords;
                description["errorRecordCount"] = published.ErrorRecords;
            }
        }

        return description;
    }

    /// <summary>The request's constraint violations (required members, patterns, ranges, enums) as one ValidationException; null when none.</summary>
    private static AwsError? Check(JsonObject request)
    {
        var problems = new List<string>();
        string? Text(JsonNode? node, string member, bool required)
        {
            if (node is null)
            {
                if (required)
                {
                    problems.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
                }

                return null;
            }

            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                return value.GetValue<string>();
            }

            problems.Add($"Value at '{member}' failed to satisfy constraint: Member must be a string");
            return null;
        }

        void Match(string? value, string member, Regex pattern, int max)
        {
            if (value is not null && (value.Length > max || !pattern.IsMatch(value)))
            {
                Violation(problems, member, value, $"Member must satisfy regular expression pattern: {pattern.ToString()[1..^1]}");
            }
        }

        Match(Text(request["jobName"], "jobName", required: true), "jobName", JobNamePattern(), 63);
        Match(Text(request["roleArn"], "roleArn", required: true), "roleArn", RoleArnPattern(), 2048);
        Match(Text(request["clientRequestToken"], "clientRequestToken", required: false), "clientRequestToken", TokenPattern(), 256);
        var modelId = Text(request["modelId"], "modelId", required: true);
        if (modelId is { Length: 0 or > 2048 })
        {
            Violation(problems, "modelId", modelId, "Member must have length between 1 and 2048");
        }

        var input = Text(Member(Member(request["inputDataConfig"], "s3InputDataConfig"), "s3Uri"), "inputDataConfig.s3InputDataConfig.s3Uri", required: true);
        if (input is not null && S3Location.Parse(input) is null)
        {
            Violation(problems, "inputDataConfig.s3InputDataConfig.s3Uri", input, $"Member must satisfy regular expression pattern: {S3Location.Pattern}");
        }

        var format = Text(Member(Member(request["inputDataConfig"], "s3InputDataConfig"), "s3InputFormat"), "inputDataConfig.s3InputDataConfig.s3InputFormat", required: false);
        if (format is not (null or "JSONL"))
        {
            Violation(problems, "inputDataConfig.s3InputDataConfig.s3InputFormat", format, "Member must satisfy enum value set: [JSONL]");
        }

        var output = Text(Member(Member(request["outputDataConfig"], "s3OutputDataConfig"), "s3Uri"), "outputDataConfig.s3OutputDataConfig.s3Uri", required: true);
        if (output is not null && S3Location.Parse(output) is null)
        {
            Violation(problems, "outputDataConfig.s3OutputDataConfig.s3Uri", output, $"Member must satisfy regular expression pattern: {S3Location.Pattern}");
        }

        var type = Text(request["modelInvocationType"], "modelInvocationType", required: false);
        if (type is not (null or "Converse" or "InvokeModel"))
        {
            Violation(problems, "modelInvocationType", type, "Member must satisfy enum value set: [InvokeModel, Converse]");
        }

        if (request["timeoutDurationInHours"] is { } timeout
            && (timeout is not JsonValue number || !number.TryGetValue<int>(out var hours) || hours is < 24 or > 168))
        {
            Violation(problems, "timeoutDurationInHours", timeout.ToJsonString(), "Member must have value between 24 and 168");
        }

        return problems.Count == 0 ? null : Constraints(problems);
    }

    /// <summary>The buckets must exist and the input must be one object (the emulator reads no folder of inputs).</summary>
    private AwsError? CheckLocations(S3Location input, S3Location output)
    {
        if (input.Key.Length == 0 || input.Key.EndsWith('/') || S3Folder.KeyProblem(input.Key) is not null)
        {
            return AwsError.Validation($"The input {input} names a folder; the emulator reads one JSONL object per job: give its full key.");
        }

        if (output.Key.Length > 0 && S3Folder.KeyProblem(output.Key.TrimEnd('/')) is { } outputProblem)
        {
            return AwsError.Validation($"The emulator cannot write under the output location {output}: {outputProblem}.");
        }

        foreach (var bucket in new[] { input.Bucket, output.Bucket }.Distinct(StringComparer.Ordinal))
        {
            if (folder!.CheckBucket(bucket, out _) is not null)
            {
                return AwsError.Validation($"The S3 bucket {bucket} does not exist in the emulator's S3 root; create it (a sub-folder of the root, or CreateBucket) before creating the job.");
            }
        }

        folder!.CheckBucket(input.Bucket, out var inputBucket);
        return folder.Find(inputBucket, input.Key) is null
            ? AwsError.Validation($"The input file {input} does not exist; upload it before creating the job.")
            : null;
    }

    /// <summary>
    /// The runner, the job <paramref name="identifier"/> names and its progress; null after answering the error (no S3 root,
    /// or no such job).
    /// </summary>
    private async Task<(BatchJobRunner Runner, BatchJob Job, BatchProgress Progress)?> ObserveOrAnswerErrorAsync(HttpContext context, string identifier)
    {
        if (runner is null)
        {
            await AwsResponses.WriteErrorAsync(context, NoS3Root);
            return null;
        }

        if (FindJob(identifier, out var problem) is not { } found)
        {
            await AwsResponses.WriteErrorAsync(context, problem!);
            return null;
        }

        var (job, progress) = await runner.Observe(found, context.RequestAborted);
        return (runner, job, progress);
    }

    private BatchJob? FindJob(string identifier, out AwsError? problem)
    {
        problem = null;
        if (identifier.Length > 1011 || !IdentifierPattern().IsMatch(identifier))
        {
            problem = Constraints([$"Value '{identifier}' at 'jobIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: {IdentifierPattern().ToString()[1..^1]}"]);
            return null;
        }

        var id = identifier[(identifier.LastIndexOf('/') + 1)..];
        var job = runner!.Store.Find(id);
        if (job is null || (identifier.StartsWith("arn:", StringComparison.Ordinal) && identifier != job.JobArn))
        {
            problem = new AwsError(404, "ResourceNotFoundException", $"The specified job {identifier} does not exist.");
        }

        return problem is null ? job : null;
    }

    /// <summary>A member of a JSON object; null when the node is absent or not an object (a hostile body must not throw).</summary>
    private static JsonNode? Member(JsonNode? node, string name) => (node as JsonObject)?[name];

    private static DateTimeOffset? Time(IQueryCollection query, string name, List<string> problems)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        Violation(problems, name, text.ToString(), "Member must be an ISO-8601 timestamp");
        return null;
    }

    private static void Violation(List<string> problems, string member, string value, string constraint) =>
        problems.Add($"Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    private static AwsError Constraints(IReadOnlyList<string> problems) =>
        AwsError.Validation($"{problems.Count} validation error{(problems.Count == 1 ? string.Empty : "s")} detected: {string.Join("; ", problems)}");

    private static string AccountOf(string roleArn)
    {
        var parts = roleArn.Split(':');
        return parts.Length > 4 && parts[4].Length == 12 ? parts[4] : DefaultAccount;
    }

    private static string NewJobId()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(12, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\\+\\-\\.]){0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex JobNamePattern();

    [GeneratedRegex("^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex("^[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^((arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?[a-z0-9]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
