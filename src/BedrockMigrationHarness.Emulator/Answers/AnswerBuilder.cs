using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Decides what the model says: a tool call when tools are offered, a JSON instance when a schema is asked for
/// (outputConfig or written in the prompt), otherwise prose of the drawn length; then applies the profile's faults.
/// </summary>
internal static class AnswerBuilder
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Answer Build(ChatRequest request, ModelProfile model, CallPlan plan, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(random);
        var stop = plan.HitMaxTokens ? "max_tokens" : "end_turn";
        var lastTurn = request.Turns[^1];
        var tool = lastTurn.HasToolResult || request.Tools.Count == 0
            ? null
            : request.Tools.FirstOrDefault(t => t.Name == request.ForcedTool) ?? request.Tools[0];

        var (schema, promptTexts) = FindSchema(request, tool);
        if (schema is null)
        {
            var prose = TextGenerator.Sentences(random, plan.OutputTokens * 4);
            return new Answer(prose, null, stop, request.InputTokens, plan.OutputTokens);
        }

        var faults = DrawnFaults.Draw(model.Faults, random);
        var instance = SchemaInstanceGenerator.Generate(schema, random, new EnumPicker(promptTexts), plan.OutputTokens, new PatternPicker(promptTexts));
        FaultInjector.ApplyToInstance(instance, schema, faults, random);
        WrongAnswerPlanter.Apply(instance, schema, model.WrongAnswers, random);
        if (tool is not null && !faults.AltersText && instance is JsonObject input)
        {
            var id = "tooluse_" + RandomId(random, 22);
            return new Answer(null, new ToolCall(id, tool.Name, input), plan.HitMaxTokens ? stop : "tool_use", request.InputTokens, plan.OutputTokens);
        }

        var json = instance?.ToJsonString(Compact) ?? "null";
        if (plan.HitMaxTokens && json.Length > plan.OutputTokens * 4)
        {
            // A real model stops mid-answer when it runs out of tokens.
            json = json[..(plan.OutputTokens * 4)];
        }

        return new Answer(FaultInjector.ApplyToText(json, faults, random), null, stop, request.InputTokens, plan.OutputTokens);
    }

    /// <summary>The schema to answer with, and the prompt texts (schema cut out, latest user turn first) that guide enum choices.</summary>
    private static (JsonObject? Schema, List<string> PromptTexts) FindSchema(ChatRequest request, ToolDefinition? tool)
    {
        JsonObject? schema = tool?.InputSchema ?? request.OutputSchema;
        var userTexts = request.Turns.Where(t => t.Role == "user").Reverse().Select(t => string.Join("\n", t.Texts)).ToList();
        var texts = userTexts.Concat(request.System).ToList();
        if (schema is not null)
        {
            return (schema, texts);
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (PromptSchemaLocator.Find(texts[i]) is { } found)
            {
                texts[i] = found.TextOutside;
                return (found.Schema, texts);
            }
        }

        return (null, texts);
    }

    /// <summary>Letters and digits from the request's generator, so ids are reproducible.</summary>
    public static string RandomId(Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }
}
