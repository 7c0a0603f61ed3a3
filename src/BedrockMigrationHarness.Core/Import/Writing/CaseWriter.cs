using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// One imported case as the YAML of a case file (docs/suite-format.md): the request as production sent it, with every
/// text passed through the import's redaction, and the production answer as the case's <c>reference:</c>.
/// </summary>
/// <param name="inferSchemas"><c>--infer-schemas</c>: a case whose reference is a JSON object gets a schema inferred from it.</param>
internal sealed class CaseWriter(SuiteDefaults defaults, SuiteFiles files, ITextRedaction redaction, bool inferSchemas)
{
    /// <summary>The case file's comment lines: where the case came from and what it could not keep.</summary>
    public static IEnumerable<string> Header(LoggedInvocation invocation, int timesSeen)
    {
        yield return $"Production request {invocation.RequestId}: {invocation.Operation} to {invocation.ModelId} at {Timestamp(invocation.Timestamp)}, from {invocation.Origin}.";
        if (timesSeen > 1)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"The same request body was logged {timesSeen} times; it is imported once.");
        }

        if (!invocation.Request.NotReplayed.IsDefaultOrEmpty)
        {
            yield return $"Not replayed (the harness does not send them): {string.Join(", ", invocation.Request.NotReplayed)}.";
        }
    }

    public YamlTree.Map Case(string id, LoggedInvocation invocation)
    {
        var request = invocation.Request;
        var map = new YamlTree.Map().Add("id", id);
        if (request.System is { } system)
        {
            map.Add("system", System(system));
        }

        if (request.Messages is [{ Role: TurnRole.User, Parts: [TextPart prompt] }])
        {
            map.Add("prompt", redaction.Text(prompt.Text));
        }
        else
        {
            map.Add("messages", new YamlTree.Seq([.. request.Messages.Select(Turn)]));
        }

        if (Inference(request.Inference) is { } inference)
        {
            map.Add("inference", inference);
        }

        if (SuiteDefaults.IsStreamed(invocation) != defaults.Stream)
        {
            map.Add("stream", YamlTree.Plain.Of(!defaults.Stream));
        }

        if (request.Tools is { } tools)
        {
            map.Add("tools", Tools(tools));
            if (tools.Choice is { } choice)
            {
                map.Add("tool_choice", Choice(choice));
            }
        }

        if (request.AdditionalFieldsJson is { } additional && Json(redaction.Json(additional)) is YamlTree.Map { Entries.Count: > 0 } fields)
        {
            map.Add("additional_fields", fields);
        }

        if (invocation.Answer is { } answer)
        {
            if (inferSchemas && AnswerSchema.Infer(redaction.Text(answer.Text)) is { } schema)
            {
                map.Add("schema", files.Schema(id, schema));
            }

            map.Add("reference", Reference(invocation, answer));
        }

        return map;
    }

    private YamlTree System(SystemOverride system)
    {
        var text = redaction.Text(system.Text);
        return system.CachePoint
            ? new YamlTree.Map().Add("text", text).Add("cache_point", YamlTree.Plain.Of(true))
            : new YamlTree.Text(text);
    }

    private YamlTree.Map Turn(Turn turn)
    {
        var map = new YamlTree.Map().Add("role", turn.Role == TurnRole.User ? "user" : "assistant");
        return turn.Parts is [TextPart only]
            ? map.Add("content", redaction.Text(only.Text))
            : map.Add("content", new YamlTree.Seq([.. turn.Parts.Select(Block)]));
    }

    private YamlTree.Map Block(ContentPart part) => part switch
    {
        TextPart text => new YamlTree.Map().Add("text", redaction.Text(text.Text)),
        ImagePart image => new YamlTree.Map().Add("image", files.MediaOf(image.Bytes, image.Format)),
        DocumentPart document => new YamlTree.Map().Add("document", files.MediaOf(document.Bytes, document.Format)).Add("name", document.Name),
        CachePointPart => new YamlTree.Map().Add("cache_point", YamlTree.Plain.Of(true)),
        ToolUsePart use => new YamlTree.Map().Add("tool_use", new YamlTree.Map()
            .Add("id", use.ToolUseId)
            .Add("name", use.Name)
            .Add("input", Json(redaction.Json(use.InputJson)))),
        ToolResultPart result => new YamlTree.Map().Add("tool_result", ToolResult(result)),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "a content block the suite format has no key for"),
    };

    private YamlTree.Map ToolResult(ToolResultPart result)
    {
        var map = new YamlTree.Map().Add("id", result.ToolUseId);
        if (!result.IsJson)
        {
            map.Add("content", redaction.Text(result.Content));
        }
        else
        {
            // A mapping or list is sent back as that JSON; a JSON scalar can only be written as its text.
            var content = Json(redaction.Json(result.Content));
            map.Add("content", content is YamlTree.Plain plain ? new YamlTree.Text(plain.Value) : content);
        }

        return result.IsError ? map.Add("status", "error") : map;
    }

    private YamlTree.Map? Inference(LoggedInference sent)
    {
        var map = new YamlTree.Map();
        if (sent.MaxTokens is { } maxTokens && maxTokens != defaults.MaxTokens)
        {
            map.Add("max_tokens", YamlTree.Plain.Of(maxTokens));
        }

        AddIfDifferent(map, "temperature", sent.Temperature, defaults.Temperature);
        AddIfDifferent(map, "top_p", sent.TopP, defaults.TopP);
        var stops = sent.StopSequences ?? [];
        if (!stops.SequenceEqual(defaults.StopSequences, StringComparer.Ordinal))
        {
            map.Add("stop_sequences", new YamlTree.Seq([.. stops.Select(s => new YamlTree.Text(s))]));
        }

        return map.Entries.Count > 0 ? map : null;
    }

    private static void AddIfDifferent(YamlTree.Map map, string key, double? sent, double? suite)
    {
        if (sent != suite)
        {
            // null removes the suite's value: production did not send it.
            map.Add(key, sent is { } value ? YamlTree.Plain.Of(value) : YamlTree.Plain.Null);
        }
    }

    private YamlTree.Seq Tools(ToolConfiguration tools)
    {
        var list = new YamlTree.Seq();
        foreach (var tool in tools.Tools)
        {
            var map = new YamlTree.Map().Add("name", tool.Name);
            if (tool.Description is { } description)
            {
                map.Add("description", description);
            }

            map.Add("input_schema", files.SchemaOf(tool));
            if (tool.Strict)
            {
                map.Add("strict", YamlTree.Plain.Of(true));
            }

            list.Items.Add(map);
        }

        if (tools.CachePoint)
        {
            list.Items.Add(new YamlTree.Map().Add("cache_point", YamlTree.Plain.Of(true)));
        }

        return list;
    }

    private static YamlTree Choice(ToolChoice choice) => choice.Kind switch
    {
        ToolChoiceKind.Auto => new YamlTree.Text("auto"),
        ToolChoiceKind.Any => new YamlTree.Text("any"),
        _ => new YamlTree.Map().Add("tool", choice.ToolName ?? string.Empty),
    };

    private YamlTree.Map Reference(LoggedInvocation invocation, LoggedAnswer answer)
    {
        var reference = new YamlTree.Map().Add("text", redaction.Text(answer.Text));
        // A tool call whose input is not a JSON object (a model's malformed output) has no suite form; it is left out.
        var calls = answer.ToolCalls
            .Select(call => (call.Name, Input: TryJson(redaction.Json(call.InputJson))))
            .Where(call => call.Input is YamlTree.Map)
            .Select(call => (YamlTree)new YamlTree.Map().Add("name", call.Name).Add("input", call.Input!))
            .ToList();
        if (calls.Count > 0)
        {
            reference.Add("tool_calls", new YamlTree.Seq(calls));
        }

        var production = new YamlTree.Map()
            .Add("model", invocation.ModelId)
            .Add("request_id", invocation.RequestId)
            .Add("timestamp", Timestamp(invocation.Timestamp))
            .Add("operation", invocation.Operation.ToString());
        if (answer.LatencyMs is { } latency)
        {
            production.Add("latency_ms", YamlTree.Plain.Of(latency));
        }

        if (answer.InputTokens is { } input)
        {
            production.Add("input_tokens", YamlTree.Plain.Of(input));
        }

        if (answer.OutputTokens is { } output)
        {
            production.Add("output_tokens", YamlTree.Plain.Of(output));
        }

        return reference.Add("production", production);
    }

    private static YamlTree Json(string json) => YamlTree.FromJson(json);

    private static YamlTree? TryJson(string json)
    {
        try
        {
            return YamlTree.FromJson(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Timestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
