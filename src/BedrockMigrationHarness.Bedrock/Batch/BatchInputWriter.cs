using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Batch;

/// <summary>
/// Writes a batch job's input JSONL: one line <c>{"recordId": …, "modelInput": …}</c> per record, minified (a record never
/// spans two lines). The Converse form is the body an on-demand Converse call sends (<see cref="ConverseRequestWriter"/>),
/// without <c>requestMetadata</c>: the record id already names the attempt, and the batch input format documents the
/// Converse request body's inference members only. The InvokeModel form is the suite's rendered body.
/// </summary>
internal static class BatchInputWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the records to <paramref name="output"/> while the file stays within <paramref name="maxBytes"/>, and goes on
    /// counting past it (nothing more is written), so the caller can say how large the whole file would be.
    /// </summary>
    /// <returns>The size in bytes of the whole file.</returns>
    /// <exception cref="BatchServiceException">A record cannot go into a job of <paramref name="invocationType"/>.</exception>
    public static long Write(
        Stream output, S3Uri uri, BatchInvocationType invocationType, IEnumerable<BatchInputRecord> records, long maxBytes, CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(line, WriterOptions);
        long size = 0;
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.ResetWrittenCount();
            json.Reset(line);
            WriteRecord(json, uri, invocationType, record);
            json.Flush();
            line.Write("\n"u8);
            size += line.WrittenCount;
            if (size <= maxBytes)
            {
                output.Write(line.WrittenSpan);
            }
        }

        return size;
    }

    private static void WriteRecord(Utf8JsonWriter json, S3Uri uri, BatchInvocationType invocationType, BatchInputRecord record)
    {
        json.WriteStartObject();
        json.WriteString("recordId", record.RecordId);
        json.WritePropertyName("modelInput");
        var request = record.Request;
        if (invocationType == BatchInvocationType.Converse)
        {
            if (request.Invoke is not null)
            {
                throw Refused(uri, record, "it is an InvokeModel request (suite `api: invoke`), and a Converse job takes Converse bodies.");
            }

            if (request.Tools is not null)
            {
                throw Refused(uri, record,
                    "it offers tools (toolConfig), and batch jobs of the Converse type do not take tool calling (Bedrock fails such records with 400). " +
                    "Run this suite on-demand (without --batch), or with `api: invoke` and the model's own tool format.");
            }

            try
            {
                json.WriteRawValue(ConverseRequestWriter.Write(request with { Tags = null }), skipInputValidation: true);
            }
            catch (UnsendableRequestException ex)
            {
                throw Refused(uri, record, ex.Message);
            }
        }
        else
        {
            if (request.Invoke is not { } invoke)
            {
                throw Refused(uri, record, "it is a Converse request, and an InvokeModel job takes the model's own body (suite `api: invoke`).");
            }

            WriteInvokeBody(json, uri, record, invoke.Body);
        }

        json.WriteEndObject();
    }

    private static void WriteInvokeBody(Utf8JsonWriter json, S3Uri uri, BatchInputRecord record, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw Refused(uri, record, $"its InvokeModel body is not JSON ({ex.Message}). Check the suite's `invoke.body` template.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Refused(uri, record, "its InvokeModel body is not a JSON object. Check the suite's `invoke.body` template.");
            }

            // Written again rather than copied: the template may be pretty-printed, and a JSONL record is one line.
            document.RootElement.WriteTo(json);
        }
    }

    private static BatchServiceException Refused(S3Uri uri, BatchInputRecord record, string reason)
    {
        var which = record.Request.Tags is { } tags ? $"record {record.RecordId} (case `{tags.CaseId}`)" : $"record {record.RecordId}";
        return new BatchServiceException($"{uri}: {which} cannot go into the batch input: {reason} Nothing was uploaded.", errorType: null, retryable: false);
    }
}
