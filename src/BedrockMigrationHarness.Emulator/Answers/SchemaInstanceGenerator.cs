using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Builds a JSON instance that conforms to a JSON Schema: objects get every required and some optional properties,
/// numbers respect minimum/maximum, arrays minItems/maxItems, strings minLength/maxLength and common formats,
/// enums prefer a value named in the prompt. Free-text strings share a character budget so the answer is
/// roughly the drawn token count long. Supports local <c>$ref</c>, <c>anyOf</c>/<c>oneOf</c> (first branch) and <c>allOf</c>.
/// </summary>
internal sealed class SchemaInstanceGenerator
{
    private const int MaxDepth = 8;

    private readonly JsonObject _root;
    private readonly Random _random;
    private readonly EnumPicker _enumPicker;
    private readonly PatternPicker _patternPicker;
    private readonly List<StringSlot> _slots = [];

    private SchemaInstanceGenerator(JsonObject root, Random random, EnumPicker enumPicker, PatternPicker patternPicker)
    {
        _root = root;
        _random = random;
        _enumPicker = enumPicker;
        _patternPicker = patternPicker;
    }

    /// <summary>
    /// An instance of <paramref name="schema"/> about <paramref name="outputTokens"/> tokens long; strings with a
    /// <c>pattern</c> come from <paramref name="patternPicker"/> (none: free text).
    /// </summary>
    public static JsonNode? Generate(JsonObject schema, Random random, EnumPicker enumPicker, int outputTokens, PatternPicker? patternPicker = null)
    {
        var generator = new SchemaInstanceGenerator(schema, random, enumPicker, patternPicker ?? new PatternPicker([]));
        var instance = generator.Value(schema, 0);
        return generator.FillStrings(instance, outputTokens);
    }

    private JsonNode? Value(JsonObject schema, int depth)
    {
        schema = Resolve(_root, schema);
        if (schema.TryGetPropertyValue("const", out var constant))
        {
            return constant?.DeepClone();
        }

        if (schema["enum"] is JsonArray { Count: > 0 } options)
        {
            return _enumPicker.Pick(options, _random)?.DeepClone();
        }

        if ((FirstBranch(schema, "anyOf") ?? FirstBranch(schema, "oneOf")) is { } branch)
        {
            return Value(branch, depth);
        }

        if (schema["allOf"] is JsonArray { Count: > 0 } all)
        {
            return Value(MergeAll(schema, all), depth);
        }

        return TypeOf(schema) switch
        {
            "object" => depth >= MaxDepth ? new JsonObject() : ObjectValue(schema, depth),
            "array" => depth >= MaxDepth ? new JsonArray() : ArrayValue(schema, depth),
            "integer" => JsonValue.Create(IntegerValue(schema)),
            "number" => JsonValue.Create(NumberValue(schema)),
            "boolean" => JsonValue.Create(_random.Next(2) == 0),
            "null" => null,
            _ => StringValue(schema),
        };
    }

    private JsonObject ObjectValue(JsonObject schema, int depth)
    {
        var result = new JsonObject();
        var required = (schema["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            ?? [];
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                var include = required.Contains(name) || _random.NextDouble() < 0.6;
                if (include)
                {
                    result[name] = propertySchema is JsonObject ps ? Value(ps, depth + 1) : JsonValue.Create("value");
                }
            }
        }

        foreach (var name in required.Where(r => !result.ContainsKey(r)))
        {
            // Required but not described: any value satisfies it.
            result[name] = JsonValue.Create("value");
        }

        return result;
    }

    private JsonArray ArrayValue(JsonObject schema, int depth)
    {
        var min = IntMember(schema, "minItems") ?? 0;
        var max = IntMember(schema, "maxItems") ?? Math.Max(min, 3);
        var count = Math.Clamp(_random.Next(1, 4), min, Math.Max(min, max));
        var items = schema["items"] as JsonObject ?? new JsonObject { ["type"] = "string" };
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            array.Add(Value(items, depth + 1));
        }

        return array;
    }

    private long IntegerValue(JsonObject schema)
    {
        var (low, high) = Bounds(schema, 0, 100);
        var lowInt = (long)Math.Ceiling(low);
        var highInt = (long)Math.Floor(high);
        if (schema.ContainsKey("exclusiveMinimum") && Number(schema["exclusiveMinimum"]) is { } exMin && lowInt <= exMin)
        {
            lowInt = (long)Math.Floor(exMin) + 1;
        }

        if (schema.ContainsKey("exclusiveMaximum") && Number(schema["exclusiveMaximum"]) is { } exMax && highInt >= exMax)
        {
            highInt = (long)Math.Ceiling(exMax) - 1;
        }

        return highInt <= lowInt ? lowInt : lowInt + (long)(_random.NextDouble() * (highInt - lowInt + 1));
    }

    private double NumberValue(JsonObject schema)
    {
        var (low, high) = Bounds(schema, 0, 100);
        var exMin = Number(schema["exclusiveMinimum"]);
        var exMax = Number(schema["exclusiveMaximum"]);
        if (exMin is { } a)
        {
            low = Math.Max(low, a);
        }

        if (exMax is { } b)
        {
            high = Math.Min(high, b);
        }

        var value = Math.Round(low + (_random.NextDouble() * (high - low)), 2);
        if ((exMin is not null && value <= low) || (exMax is not null && value >= high) || value < low || value > high)
        {
            value = (low + high) / 2;
        }

        return value;
    }

    private static (double Low, double High) Bounds(JsonObject schema, double defaultLow, double defaultSpan)
    {
        var min = Number(schema["minimum"]) ?? Number(schema["exclusiveMinimum"]);
        var max = Number(schema["maximum"]) ?? Number(schema["exclusiveMaximum"]);
        var low = min ?? (max is { } m ? Math.Min(defaultLow, m - defaultSpan) : defaultLow);
        var high = max ?? (low + defaultSpan);
        return (low, Math.Max(low, high));
    }

    private JsonNode StringValue(JsonObject schema)
    {
        var format = schema["format"]?.GetValue<string>();
        var formatted = format switch
        {
            "date-time" => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_random.Next(0, 525600)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "date" => new DateOnly(2025, 1, 1).AddDays(_random.Next(0, 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time" => new TimeOnly(0, 0).AddMinutes(_random.Next(0, 1440)).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            "email" => string.Create(CultureInfo.InvariantCulture, $"user{_random.Next(1000)}@example.com"),
            "uri" or "url" => string.Create(CultureInfo.InvariantCulture, $"https://example.com/item/{_random.Next(1000)}"),
            "uuid" => new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)_random.Next(256))]).ToString(),
            _ => null,
        };
        if (formatted is null && schema["pattern"]?.GetValue<string>() is { } pattern)
        {
            formatted = _patternPicker.Pick(pattern, _random);
        }

        var node = JsonValue.Create(formatted ?? string.Empty);
        if (formatted is null)
        {
            _slots.Add(new StringSlot(node, IntMember(schema, "minLength") ?? 1, IntMember(schema, "maxLength")));
        }

        return node;
    }

    /// <summary>Gives every free-text string its share of the character budget (≈ 4 characters per token).</summary>
    private JsonNode? FillStrings(JsonNode? instance, int outputTokens)
    {
        if (_slots.Count == 0 || instance is null)
        {
            return instance;
        }

        var skeleton = instance.ToJsonString().Length;
        var budget = Math.Max((outputTokens * 4) - skeleton, _slots.Count * 12);
        var share = budget / _slots.Count;
        foreach (var slot in _slots)
        {
            var text = JsonValue.Create(TextGenerator.Phrase(_random, share, slot.MinLength, slot.MaxLength));
            if (slot.Node.Parent is null)
            {
                return text;
            }

            slot.Node.ReplaceWith(text);
        }

        return instance;
    }

    /// <summary>Follows local <c>$ref</c>s (<c>#/...</c>) from <paramref name="schema"/> within <paramref name="root"/>, at most 8 hops.</summary>
    internal static JsonObject Resolve(JsonObject root, JsonObject schema)
    {
        for (var hops = 0; hops < MaxDepth && schema["$ref"]?.GetValue<string>() is { } reference; hops++)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                break;
            }

            JsonNode? target = root;
            foreach (var token in JsonPointerSyntax.Tokens(reference[1..]) ?? [])
            {
                target = target is JsonObject obj ? obj[token] : null;
            }

            if (target is not JsonObject resolved)
            {
                break;
            }

            schema = resolved;
        }

        return schema;
    }

    /// <summary>The first non-null branch of an <c>anyOf</c>/<c>oneOf</c>, or null when there is none.</summary>
    internal static JsonObject? FirstBranch(JsonObject schema, string keyword) =>
        schema[keyword] is JsonArray options ? options.OfType<JsonObject>().FirstOrDefault(o => o["type"]?.ToString() != "null") : null;

    private static JsonObject MergeAll(JsonObject schema, JsonArray all)
    {
        var merged = new JsonObject { ["type"] = "object" };
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var part in all.OfType<JsonObject>().Append(schema))
        {
            if (part["type"] is JsonValue type)
            {
                merged["type"] = type.DeepClone();
            }

            foreach (var (name, value) in part["properties"] as JsonObject ?? [])
            {
                properties[name] = value?.DeepClone();
            }

            foreach (var name in part["required"] as JsonArray ?? [])
            {
                required.Add(name?.DeepClone());
            }
        }

        merged["properties"] = properties;
        merged["required"] = required;
        return merged;
    }

    private static string TypeOf(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue value when value.TryGetValue<string>(out var type):
                return type;
            case JsonArray types:
                return types.Select(t => t?.ToString()).FirstOrDefault(t => t is not null and not "null") ?? "null";
            default:
                return schema.ContainsKey("properties") ? "object" : schema.ContainsKey("items") ? "array" : "string";
        }
    }

    private static int? IntMember(JsonObject schema, string name) => Number(schema[name]) is { } n ? (int)Math.Clamp(n, 0, 10_000) : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    private sealed record StringSlot(JsonNode Node, int MinLength, int? MaxLength);
}
