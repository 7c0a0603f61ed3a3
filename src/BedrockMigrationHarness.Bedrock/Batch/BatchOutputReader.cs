using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Batch;

/// <summary>
/// Reads a job's <c>.jsonl.out</c> line by line with a bounded buffer: a line longer than the cap is skipped up to its
/// end (a problem record, not gigabytes in memory). Each record's <c>modelOutput</c> is read as the on-demand readers read
/// a 200 answer (<see cref="ConverseResponseReader"/>, or <see cref="InvokeResponseReader"/> with the suite's text
/// pointer), its <c>error</c> (<c>{"errorCode": 429, "errorMessage": …}</c>) as a failed call classified by the code.
/// Latencies are 0: a batch job measures none. Blank lines are skipped.
/// </summary>
internal static class BatchOutputReader
{
    /// <summary>The HTTP status a batch answer stands for: the record's model call succeeded.</summary>
    private const int AnswerStatus = 200;

    /// <summary>The records of <paramref name="stream"/> (the object <paramref name="objectUri"/>), in the file's order.</summary>
    public static async IAsyncEnumerable<BatchOutputRecord> ReadAsync(
        Stream stream,
        S3Uri objectUri,
        BatchInvocationType invocationType,
        string? invokeTextPointer,
        long maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        long lineNumber = 0;
        var skipping = false;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    lineNumber++;
                    if (skipping || line.Length > maxLineBytes)
                    {
                        skipping = false;
                        yield return TooLong(objectUri, lineNumber, maxLineBytes);
                    }
                    else if (Parse(line, objectUri, lineNumber, invocationType, invokeTextPointer) is { } record)
                    {
                        yield return record;
                    }
                }

                if (skipping || buffer.Length > maxLineBytes)
                {
                    // The line has passed the cap: drop what is buffered and skip on to its end.
                    skipping = true;
                    buffer = buffer.Slice(buffer.End);
                }

                if (read.IsCompleted)
                {
                    if (skipping)
                    {
                        yield return TooLong(objectUri, lineNumber + 1, maxLineBytes);
                    }
                    else if (buffer.Length > 0 && Parse(buffer, objectUri, lineNumber + 1, invocationType, invokeTextPointer) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>The outcome of an error record's <c>errorCode</c>, as the HTTP status of an on-demand call would classify it.</summary>
    public static CallOutcome OutcomeOf(int? errorCode) => errorCode switch
    {
        429 => CallOutcome.Throttled,
        401 or 403 => CallOutcome.AccessDenied,
        404 => CallOutcome.ResourceNotFound,
        408 => CallOutcome.ModelTimeout,
        424 => CallOutcome.ModelError,
        503 => CallOutcome.ServiceUnavailable,
        >= 500 => CallOutcome.ServerError,
        >= 400 and < 500 => CallOutcome.ValidationError,
        _ => CallOutcome.ServerError,
    };

    private static BatchOutputRecord? Parse(
        ReadOnlySequence<byte> line, S3Uri objectUri, long lineNumber, BatchInvocationType invocationType, string? invokeTextPointer)
    {
        var bytes = line.IsSingleSegment ? line.First : line.ToArray();
        bytes = bytes[..bytes.Span.TrimEnd("\r"u8).Length];
        if (bytes.Span.Trim(" \t"u8).IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = AnswerFields.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return Problem(objectUri, lineNumber, $"is not JSON ({ex.Message})");
        }
        catch (MalformedResponseException ex)
        {
            return Problem(objectUri, lineNumber, ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            string recordId;
            try
            {
                recordId = root.ValueKind == JsonValueKind.Object
                    ? AnswerFields.OptionalText(root, "recordId", "recordId") ?? throw new MalformedResponseException("it has no `recordId`.")
                    : throw new MalformedResponseException("it is not a JSON object.");
            }
            catch (MalformedResponseException ex)
            {
                return Problem(objectUri, lineNumber, "is not a record: " + ex.Message);
            }

            return new BatchOutputRecord(recordId, Result(root, invocationType, invokeTextPointer), null);
        }
    }

    private static ModelCallResult Result(JsonElement record, BatchInvocationType invocationType, string? invokeTextPointer)
    {
        try
        {
            if (AnswerFields.Optional(record, "error", JsonValueKind.Object, "error") is { } error)
            {
                var code = ErrorCode(error);
                var message = AnswerFields.OptionalText(error, "errorMessage", "error.errorMessage") ?? "(no message)";
                return ModelCallResult.Failure(OutcomeOf(code), 0, code, null, message);
            }

            if (AnswerFields.Optional(record, "modelOutput", JsonValueKind.Object, "modelOutput") is not { } output)
            {
                throw new MalformedResponseException("The output record has neither `modelOutput` nor `error`.");
            }

            return invocationType == BatchInvocationType.Converse
                ? ConverseResponseReader.Read(output, AnswerStatus, 0)
                : InvokeResponseReader.Read(output, headers: null, invokeTextPointer!, AnswerStatus, 0);
        }
        catch (MalformedResponseException ex)
        {
            return ConverseResponseReader.Malformed(ex, AnswerStatus, 0);
        }
    }

    /// <summary><c>errorCode</c>: a number (as AWS writes it) or a number in a string; anything else is unknown.</summary>
    private static int? ErrorCode(JsonElement error) =>
        error.TryGetProperty("errorCode", out var code) switch
        {
            false => null,
            true when code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number) => number,
            true when code.ValueKind == JsonValueKind.String
                && int.TryParse(code.GetRawText().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

    private static BatchOutputRecord Problem(S3Uri objectUri, long lineNumber, string what) =>
        new(null, null, string.Create(CultureInfo.InvariantCulture, $"{objectUri} line {lineNumber} {what}"));

    private static BatchOutputRecord TooLong(S3Uri objectUri, long lineNumber, long maxLineBytes) =>
        Problem(objectUri, lineNumber, string.Create(
            CultureInfo.InvariantCulture, $"is longer than {maxLineBytes} bytes (BedrockClientOptions.MaxResponseBytes twice: the echoed input and the answer); it was skipped."));
}
