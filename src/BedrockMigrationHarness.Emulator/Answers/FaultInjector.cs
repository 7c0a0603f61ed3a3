using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>Which format faults hit one structured answer.</summary>
internal sealed record DrawnFaults(bool FencedJson, bool ProseWrapped, bool InvalidJson, bool MissingRequired, bool WrongType)
{
    /// <summary>No fault.</summary>
    public static DrawnFaults None { get; } = new(false, false, false, false, false);

    /// <summary>A fault that changes the text around the JSON (and so turns a tool call into a prose answer).</summary>
    public bool AltersText => FencedJson || ProseWrapped || InvalidJson;

    /// <summary>Draws each fault independently, always consuming five random numbers.</summary>
    public static DrawnFaults Draw(FaultRates rates, Random random)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(random);
        return new DrawnFaults(
            random.NextDouble() < rates.FencedJson,
            random.NextDouble() < rates.ProseWrapped,
            random.NextDouble() < rates.InvalidJson,
            random.NextDouble() < rates.MissingRequired,
            random.NextDouble() < rates.WrongType);
    }
}

/// <summary>Applies drawn format faults to a schema-conforming instance and to its text.</summary>
internal static class FaultInjector
{
    /// <summary>Structural faults, in place: drops a required property, or puts a value of the wrong type.</summary>
    public static void ApplyToInstance(JsonNode? instance, JsonObject schema, DrawnFaults faults, Random random)
    {
        if (instance is not JsonObject obj)
        {
            return;
        }

        if (faults.MissingRequired && schema["required"] is JsonArray required)
        {
            var present = required.Select(r => r?.ToString()).OfType<string>().Where(obj.ContainsKey).ToList();
            if (present.Count > 0)
            {
                obj.Remove(present[random.Next(present.Count)]);
            }
        }

        if (faults.WrongType)
        {
            var candidates = obj.Select(p => p.Key).ToList();
            if (candidates.Count > 0)
            {
                // Prefer a non-string value (becomes a string); otherwise a string becomes a number.
                var name = candidates.FirstOrDefault(n => obj[n] is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    ?? candidates[random.Next(candidates.Count)];
                var current = obj[name];
                obj[name] = current is JsonValue value && value.GetValueKind() == JsonValueKind.String
                    ? JsonValue.Create(42)
                    : JsonValue.Create(current?.ToJsonString() ?? "null");
            }
        }
    }

    /// <summary>Text faults: truncation, then ```json fences, then prose around it.</summary>
    public static string ApplyToText(string json, DrawnFaults faults, Random random)
    {
        ArgumentNullException.ThrowIfNull(json);
        var text = json;
        if (faults.InvalidJson && text.Length > 2)
        {
            var cut = Math.Clamp((int)(text.Length * (0.3 + (random.NextDouble() * 0.5))), 1, text.Length - 1);
            text = text[..cut];
        }

        if (faults.FencedJson)
        {
            text = $"```json\n{text}\n```";
        }

        if (faults.ProseWrapped)
        {
            text = $"Here is the result: {text} Let me know if you need anything else.";
        }

        return text;
    }
}
