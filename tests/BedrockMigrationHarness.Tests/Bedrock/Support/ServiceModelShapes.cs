using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>
/// A small validator of JSON bodies against the shapes of an AWS service model (<c>service-2.json</c>, rest-json):
/// structures (known body members only, <c>required</c> present, a union with exactly one member set), lists and maps
/// (with their min/max), strings (enum, min/max length, pattern), blobs (base64, min bytes), booleans, integers and
/// floats (with their ranges); a <c>document</c> shape takes any JSON. Members bound to the URI or a header are not
/// body members. It reports every problem with its JSON path, so a test shows all of them at once.
/// </summary>
internal sealed class ServiceModelShapes
{
    private readonly JsonElement _shapes;

    private ServiceModelShapes(JsonElement shapes) => _shapes = shapes;

    /// <summary>The Bedrock Runtime model copied into the test fixtures.</summary>
    public static ServiceModelShapes BedrockRuntime { get; } = Load(RepoPaths.SpecFile("models", "bedrock-runtime_2023-09-30_service-2.json"));

    private static ServiceModelShapes Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new ServiceModelShapes(document.RootElement.GetProperty("shapes").Clone());
    }

    /// <summary>Every way <paramref name="body"/> breaks the shape <paramref name="shapeName"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> Problems(string body, string shapeName)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(body);
        Check(document.RootElement, shapeName, "$", problems);
        return problems;
    }

    private void Check(JsonElement value, string shapeName, string path, List<string> problems)
    {
        var shape = _shapes.GetProperty(shapeName);
        var type = shape.GetProperty("type").GetString();
        if (shape.TryGetProperty("document", out var isDocument) && isDocument.GetBoolean())
        {
            return;
        }

        switch (type)
        {
            case "structure":
                CheckStructure(value, shape, shapeName, path, problems);
                break;
            case "list":
                if (Expect(value, JsonValueKind.Array, shapeName, path, problems))
                {
                    CheckRange(value.GetArrayLength(), shape, $"{path} ({shapeName}) has {value.GetArrayLength()} items", problems);
                    var member = shape.GetProperty("member").GetProperty("shape").GetString()!;
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, member, $"{path}[{index++}]", problems);
                    }
                }

                break;
            case "map":
                if (Expect(value, JsonValueKind.Object, shapeName, path, problems))
                {
                    var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                    var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                    foreach (var entry in value.EnumerateObject())
                    {
                        CheckString(entry.Name, _shapes.GetProperty(keyShape), keyShape, $"{path} key {entry.Name}", problems);
                        Check(entry.Value, valueShape, $"{path}.{entry.Name}", problems);
                    }
                }

                break;
            case "string":
                if (Expect(value, JsonValueKind.String, shapeName, path, problems))
                {
                    CheckString(value.GetString()!, shape, shapeName, path, problems);
                }

                break;
            case "blob":
                if (Expect(value, JsonValueKind.String, shapeName, path, problems))
                {
                    var text = value.GetString()!;
                    var bytes = new byte[text.Length];
                    if (!Convert.TryFromBase64String(text, bytes, out var length))
                    {
                        problems.Add($"{path} ({shapeName}) is not base64.");
                    }
                    else
                    {
                        CheckRange(length, shape, $"{path} ({shapeName}) has {length} bytes", problems);
                    }
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path} ({shapeName}) is {value.ValueKind}, not a boolean.");
                }

                break;
            case "integer" or "long":
                if (Expect(value, JsonValueKind.Number, shapeName, path, problems))
                {
                    if (value.TryGetInt64(out var whole))
                    {
                        CheckRange(whole, shape, $"{path} ({shapeName}) is {whole}", problems);
                    }
                    else
                    {
                        problems.Add($"{path} ({shapeName}) is {value.GetRawText()}, not a whole number.");
                    }
                }

                break;
            case "float" or "double":
                if (Expect(value, JsonValueKind.Number, shapeName, path, problems))
                {
                    CheckRange(value.GetDouble(), shape, $"{path} ({shapeName}) is {value.GetRawText()}", problems);
                }

                break;
            default:
                problems.Add($"{path} ({shapeName}): shape type {type} is not supported by this validator.");
                break;
        }
    }

    private void CheckStructure(JsonElement value, JsonElement shape, string shapeName, string path, List<string> problems)
    {
        if (!Expect(value, JsonValueKind.Object, shapeName, path, problems))
        {
            return;
        }

        var members = shape.GetProperty("members");
        var present = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (!members.TryGetProperty(property.Name, out var member) || member.TryGetProperty("location", out _))
            {
                problems.Add($"{path}.{property.Name} is not a body member of {shapeName}.");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                problems.Add($"{path}.{property.Name} is null (leave it out instead).");
                continue;
            }

            present++;
            Check(property.Value, member.GetProperty("shape").GetString()!, $"{path}.{property.Name}", problems);
        }

        if (shape.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!members.GetProperty(name).TryGetProperty("location", out _) && !value.TryGetProperty(name, out _))
                {
                    problems.Add($"{path}.{name} is required by {shapeName}.");
                }
            }
        }

        if (shape.TryGetProperty("union", out var union) && union.GetBoolean() && present != 1)
        {
            problems.Add($"{path} ({shapeName}) is a union: exactly one member must be set, not {present}.");
        }
    }

    private static void CheckString(string text, JsonElement shape, string shapeName, string path, List<string> problems)
    {
        if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == text))
        {
            problems.Add($"{path} ({shapeName}) is \"{text}\", not one of {values.GetRawText()}.");
        }

        CheckRange(text.EnumerateRunes().Count(), shape, $"{path} ({shapeName}) has {text.Length} characters", problems);

        // Smithy patterns are ECMA-262 expressions matched anywhere in the value (not anchored).
        if (shape.TryGetProperty("pattern", out var pattern)
            && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.ECMAScript, TimeSpan.FromSeconds(5)))
        {
            problems.Add($"{path} ({shapeName}) \"{text}\" does not match {pattern.GetString()}.");
        }
    }

    private static void CheckRange(double actual, JsonElement shape, string what, List<string> problems)
    {
        if (shape.TryGetProperty("min", out var min) && actual < min.GetDouble())
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}, below the minimum {min.GetDouble()}."));
        }

        if (shape.TryGetProperty("max", out var max) && actual > max.GetDouble())
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}, above the maximum {max.GetDouble()}."));
        }
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string shapeName, string path, List<string> problems)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        problems.Add($"{path} ({shapeName}) is {value.ValueKind}, not {kind}.");
        return false;
    }
}
