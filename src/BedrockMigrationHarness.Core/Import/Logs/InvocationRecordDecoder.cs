using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Turns one <c>ModelInvocationLog</c> record into a <see cref="LogEntry"/>: the envelope (<c>requestId</c>,
/// <c>timestamp</c>, <c>operation</c>, <c>modelId</c>, <c>input</c>, <c>output</c>, ...; key order free), the request
/// body (inline, or fetched from <c>inputBodyS3Path</c>; inline wins) decoded by operation and model family, its media
/// fetched, its conversation checked, and the answer (inline or <c>outputBodyS3Path</c>). Every failure is a drop with
/// its reason; only cancellation passes through.
/// </summary>
internal sealed class InvocationRecordDecoder(ILogObjectStore? store, LogReadOptions options, int maxObjectBytes)
{
    public async Task<LogEntry> DecodeAsync(JsonElement record, LogRecordOrigin origin, CancellationToken cancellationToken)
    {
        string? requestId = null;
        try
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw RecordRejectedException.Malformed("a record must be a JSON object");
            }

            if (JsonFields.OptionalString(record, "schemaType", string.Empty) is { } schemaType && schemaType != "ModelInvocationLog")
            {
                throw RecordRejectedException.Malformed($"schemaType is `{ConverseBodies.Shorten(schemaType)}`, not ModelInvocationLog");
            }

            requestId = JsonFields.RequiredString(record, "requestId", string.Empty);
            var invocation = await DecodeEnvelopeAsync(record, origin, requestId, cancellationToken);
            return new LogEntry.Kept(invocation);
        }
        catch (RecordRejectedException e)
        {
            return new LogEntry.Dropped(new DroppedRecord(origin, requestId, e.Reason, e.Message));
        }
    }

    private async Task<LoggedInvocation> DecodeEnvelopeAsync(JsonElement record, LogRecordOrigin origin, string requestId, CancellationToken cancellationToken)
    {
        var timestamp = Timestamp(JsonFields.RequiredString(record, "timestamp", string.Empty));
        var operationName = JsonFields.RequiredString(record, "operation", string.Empty);
        var modelId = JsonFields.RequiredString(record, "modelId", string.Empty);
        var region = JsonFields.OptionalString(record, "region", string.Empty);
        var metadata = Metadata(record);
        var input = JsonFields.RequiredObject(record, "input", string.Empty);
        var output = JsonFields.OptionalObject(record, "output", string.Empty);
        if (!Enum.TryParse<LoggedOperation>(operationName, ignoreCase: false, out var operation) || !Enum.IsDefined(operation))
        {
            throw new RecordRejectedException(DropReason.UnsupportedOperation, $"operation `{ConverseBodies.Shorten(operationName)}` is not replayed (Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream are)");
        }

        if ((options.Since is { } since && timestamp < since) || (options.Until is { } until && timestamp >= until))
        {
            throw new RecordRejectedException(DropReason.OutsideDates, $"timestamp {timestamp:yyyy-MM-ddTHH:mm:ssZ} is outside the dates asked for");
        }

        if (JsonFields.Optional(record, "errorCode") is { } errorCode)
        {
            throw new RecordRejectedException(DropReason.FailedCall, $"the call failed with {ConverseBodies.Shorten(errorCode.ValueKind == JsonValueKind.String ? errorCode.GetString()! : errorCode.GetRawText())}");
        }

        if (output is null || (JsonFields.Optional(output.Value, "outputBodyJson") is null && JsonFields.Optional(output.Value, "outputBodyS3Path") is null))
        {
            throw new RecordRejectedException(DropReason.FailedCall, "the record holds no answer (no output body)");
        }

        using var inputBody = await BodyAsync(input, "inputBodyJson", "inputBodyS3Path", "input", cancellationToken);
        var decoded = DecodeRequest(operation, modelId, inputBody.Root, out var family);
        decoded = decoded with { Messages = await ResolveMediaAsync(decoded.Messages, cancellationToken) };
        ConversationRules.Check(decoded.Messages);
        using var outputBody = await BodyAsync(output.Value, "outputBodyJson", "outputBodyS3Path", "output", cancellationToken);
        var answer = DecodeAnswer(family, outputBody.Root);
        answer = answer with
        {
            InputTokens = JsonFields.OptionalInt(input, "inputTokenCount", "input") ?? answer.InputTokens,
            CacheReadInputTokens = JsonFields.OptionalInt(input, "cacheReadInputTokenCount", "input") ?? answer.CacheReadInputTokens,
            CacheWriteInputTokens = JsonFields.OptionalInt(input, "cacheWriteInputTokenCount", "input") ?? answer.CacheWriteInputTokens,
            OutputTokens = JsonFields.OptionalInt(output.Value, "outputTokenCount", "output") ?? answer.OutputTokens,
        };
        var request = new LoggedRequest(decoded.System, decoded.Messages, decoded.Inference, decoded.Tools, decoded.AdditionalFieldsJson,
            decoded.NotReplayed, RequestHash.Of(decoded));
        return new LoggedInvocation(origin, requestId, timestamp, operation, modelId, region, metadata, request, answer);
    }

    private static DecodedRequest DecodeRequest(LoggedOperation operation, string modelId, JsonElement body, out ModelFamily? family)
    {
        if (operation is LoggedOperation.Converse or LoggedOperation.ConverseStream)
        {
            family = null;
            return ConverseBodies.DecodeRequest(body);
        }

        family = ModelFamilies.Detect(modelId, body);
        return family switch
        {
            ModelFamily.Anthropic => AnthropicBodies.DecodeRequest(body),
            ModelFamily.Nova => NovaBodies.DecodeRequest(body),
            _ => LlamaBodies.DecodeRequest(body),
        };
    }

    private static LoggedAnswer DecodeAnswer(ModelFamily? family, JsonElement body) => family switch
    {
        null => ConverseBodies.DecodeAnswer(body),
        ModelFamily.Anthropic => AnthropicBodies.DecodeAnswer(body),
        ModelFamily.Nova => NovaBodies.DecodeAnswer(body),
        _ => LlamaBodies.DecodeAnswer(body),
    };

    private static DateTimeOffset Timestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw RecordRejectedException.Malformed($"timestamp `{ConverseBodies.Shorten(text)}` is not a date and time (e.g. 2025-03-11T00:38:02Z)");

    private static ImmutableSortedDictionary<string, string> Metadata(JsonElement record)
    {
        if (JsonFields.OptionalObject(record, "requestMetadata", string.Empty) is not { } metadata)
        {
            return ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var member in metadata.EnumerateObject())
        {
            builder[member.Name] = JsonFields.ExpectString(member.Value, JsonFields.Join("requestMetadata", member.Name));
        }

        return builder.ToImmutable();
    }

    /// <summary>A body: inline when logged inline (it wins), else the offloaded object, gunzipped and parsed.</summary>
    private async Task<OwnedBody> BodyAsync(JsonElement part, string inlineName, string s3Name, string path, CancellationToken cancellationToken)
    {
        if (JsonFields.Optional(part, inlineName) is { } inline)
        {
            return new OwnedBody(inline, null);
        }

        var location = JsonFields.OptionalString(part, s3Name, path)
            ?? throw RecordRejectedException.Malformed($"{path} holds neither {inlineName} nor {s3Name}");
        byte[] bytes;
        try
        {
            bytes = await ObjectReader.ReadAllAsync(store, location, gunzip: true, maxObjectBytes, cancellationToken);
        }
        catch (ObjectStoreException e)
        {
            throw new RecordRejectedException(DropReason.OffloadedBodyUnreadable, $"{path}.{s3Name}: {e.Message}");
        }

        var document = LogJson.Parse(bytes)
            ?? throw new RecordRejectedException(DropReason.OffloadedBodyUnreadable, $"{path}.{s3Name}: {location} is not JSON ({LogJson.Problem(bytes)})");
        return new OwnedBody(document.RootElement, document);
    }

    private async Task<ImmutableArray<Turn>> ResolveMediaAsync(ImmutableArray<Turn> turns, CancellationToken cancellationToken)
    {
        if (!turns.Any(t => t.Parts.Any(p => p is PendingMediaPart)))
        {
            return turns;
        }

        var resolved = ImmutableArray.CreateBuilder<Turn>(turns.Length);
        foreach (var turn in turns)
        {
            var parts = ImmutableArray.CreateBuilder<ContentPart>(turn.Parts.Length);
            foreach (var part in turn.Parts)
            {
                parts.Add(part is PendingMediaPart pending ? await FetchAsync(pending, cancellationToken) : part);
            }

            resolved.Add(turn with { Parts = parts.MoveToImmutable() });
        }

        return resolved.MoveToImmutable();
    }

    private async Task<ContentPart> FetchAsync(PendingMediaPart pending, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await ObjectReader.ReadAllAsync(store, pending.Location, gunzip: false, maxObjectBytes, cancellationToken);
            return MediaBlocks.Part(pending.Kind, pending.Format, pending.Name, pending.Location, bytes);
        }
        catch (ObjectStoreException e)
        {
            throw new RecordRejectedException(DropReason.MediaUnreadable, $"{pending.Field}: {e.Message}");
        }
    }

    /// <summary>A body element and the document that owns it when it was fetched (disposed with it).</summary>
    private readonly record struct OwnedBody(JsonElement Root, JsonDocument? Document) : IDisposable
    {
        public void Dispose() => Document?.Dispose();
    }
}
