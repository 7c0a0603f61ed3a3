using System.Text.Json;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>Tolerant reads of optional JSON members: a missing or mistyped member is null, never an exception.</summary>
internal static class JsonValues
{
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? Member(this JsonElement? element, string name) => element is { } e ? e.Member(name) : null;

    public static string? AsString(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static int? AsInt32(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var value) ? value : null;

    public static long? AsInt64(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e && e.TryGetInt64(out var value) ? value : null;

    public static bool? AsBoolean(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? e.GetBoolean() : null;
}
