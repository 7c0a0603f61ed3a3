using System.Buffers;
using System.Text.Json;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Batch;

/// <summary>
/// The JSON of the batch control-plane calls (bedrock 2023-04-20): the <c>CreateModelInvocationJob</c> request, and the
/// members read from its answer, from <c>GetModelInvocationJob</c> and from a job's <c>manifest.json.out</c>. A member of
/// another type than the service model's, a negative count or a status this client does not know throws
/// <see cref="MalformedResponseException"/> naming the member.
/// </summary>
internal static class BatchJobJson
{
    /// <summary>The <c>CreateModelInvocationJob</c> body: JSONL input, the output prefix, the invocation type and the token.</summary>
    public static byte[] CreateRequest(BatchJobRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jobName", request.JobName);
            json.WriteString("roleArn", request.RoleArn);
            json.WriteString("clientRequestToken", request.ClientRequestToken);
            json.WriteString("modelId", request.ModelId);
            json.WriteStartObject("inputDataConfig");
            json.WriteStartObject("s3InputDataConfig");
            json.WriteString("s3Uri", request.InputUri.ToString());
            json.WriteString("s3InputFormat", "JSONL");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("outputDataConfig");
            json.WriteStartObject("s3OutputDataConfig");
            json.WriteString("s3Uri", request.OutputUri.ToString());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteNumber("timeoutDurationInHours", request.TimeoutHours);
            json.WriteString("modelInvocationType", request.InvocationType.ToString());
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>jobArn</c> of a <c>CreateModelInvocationJob</c> answer.</summary>
    public static string JobArn(JsonElement answer) =>
        AnswerFields.OptionalText(answer, "jobArn", "jobArn") is { Length: > 0 } arn
            ? arn
            : throw new MalformedResponseException("The answer has no `jobArn`.");

    /// <summary>A <c>GetModelInvocationJob</c> answer; <paramref name="jobArn"/> stands in when the answer names none.</summary>
    public static BatchJobStatus Status(JsonElement answer, string jobArn)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedResponseException("The answer is not a JSON object.");
        }

        var status = AnswerFields.OptionalText(answer, "status", "status") ?? throw new MalformedResponseException("The answer has no `status`.");
        if (!status.All(char.IsAsciiLetter) || !Enum.TryParse<BatchJobState>(status, ignoreCase: false, out var state))
        {
            throw new MalformedResponseException($"`status` is `{AnswerFields.Clip(status)}`, which this version of bmh does not know.");
        }

        var output = AnswerFields.Optional(answer, "outputDataConfig", JsonValueKind.Object, "outputDataConfig") is { } config
            && AnswerFields.Optional(config, "s3OutputDataConfig", JsonValueKind.Object, "outputDataConfig.s3OutputDataConfig") is { } s3
            && AnswerFields.OptionalText(s3, "s3Uri", "outputDataConfig.s3OutputDataConfig.s3Uri") is { } uri
            && S3Uri.TryParse(uri, out var parsed)
                ? parsed
                : null;
        return new BatchJobStatus(
            AnswerFields.OptionalText(answer, "jobArn", "jobArn") ?? jobArn,
            state,
            AnswerFields.OptionalText(answer, "message", "message"),
            output,
            AnswerFields.LongCount(answer, "totalRecordCount", "totalRecordCount"),
            AnswerFields.LongCount(answer, "processedRecordCount", "processedRecordCount"),
            AnswerFields.LongCount(answer, "successRecordCount", "successRecordCount"),
            AnswerFields.LongCount(answer, "errorRecordCount", "errorRecordCount"));
    }

    /// <summary>A <c>manifest.json.out</c>: the record counts are required, the token counts optional.</summary>
    public static BatchManifest Manifest(JsonElement manifest)
    {
        if (manifest.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedResponseException("The manifest is not a JSON object.");
        }

        return new BatchManifest(
            RequiredCount(manifest, "totalRecordCount"),
            RequiredCount(manifest, "processedRecordCount"),
            RequiredCount(manifest, "successRecordCount"),
            RequiredCount(manifest, "errorRecordCount"),
            AnswerFields.LongCount(manifest, "inputTokenCount", "inputTokenCount"),
            AnswerFields.LongCount(manifest, "outputTokenCount", "outputTokenCount"));
    }

    private static long RequiredCount(JsonElement parent, string name) =>
        AnswerFields.LongCount(parent, name, name) ?? throw new MalformedResponseException($"The manifest has no `{name}`.");
}
