using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Bedrock.Runtime;

namespace BedrockMigrationHarness.Bedrock.ControlPlane;

/// <summary>Reads <c>FoundationModelDetails</c> / <c>FoundationModelSummary</c> JSON, tolerating unknown members and enum values.</summary>
internal static class FoundationModelParser
{
    /// <summary>The model, or null when a required member (<c>modelId</c>, <c>modelArn</c>) is missing.</summary>
    public static FoundationModelInfo? Parse(JsonElement element)
    {
        if (element.Member("modelId").AsString() is not { } modelId || element.Member("modelArn").AsString() is not { } modelArn)
        {
            return null;
        }

        var lifecycle = element.Member("modelLifecycle");
        return new FoundationModelInfo(
            modelId,
            modelArn,
            element.Member("modelName").AsString(),
            element.Member("providerName").AsString(),
            Strings(element.Member("inputModalities")),
            Strings(element.Member("outputModalities")),
            Strings(element.Member("inferenceTypesSupported")),
            element.Member("responseStreamingSupported").AsBoolean(),
            lifecycle is null
                ? ModelLifecycle.Unknown
                : new ModelLifecycle(
                    lifecycle.Member("status").AsString() ?? ModelLifecycle.Unknown.Status,
                    Timestamp(lifecycle.Member("startOfLifeTime")),
                    Timestamp(lifecycle.Member("legacyTime")),
                    Timestamp(lifecycle.Member("publicExtendedAccessTime")),
                    Timestamp(lifecycle.Member("endOfLifeTime"))));
    }

    /// <summary>
    /// An ISO-8601 timestamp (fractional seconds, <c>Z</c> or an offset; no offset means UTC), or epoch seconds
    /// as rest-json's default timestamp format would send them. Null when absent or unreadable.
    /// </summary>
    public static DateTimeOffset? Timestamp(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } s when DateTimeOffset.TryParse(
            s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var seconds) =>
            DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)),
        _ => null,
    };

    private static ImmutableArray<string> Strings(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
