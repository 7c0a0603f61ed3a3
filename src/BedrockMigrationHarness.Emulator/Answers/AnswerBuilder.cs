using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Decides what the model says: a tool call when tools are offered (<see cref="ToolDecision"/>; a judge's verdict when
/// the model plays a judge and the request is a judge request, <see cref="JudgeAnswerer"/>), a JSON instance when
/// a schema is asked for (outputConfig or written in the prompt), otherwise prose of the drawn length; then applies
/// the profile's faults (none to a constrained answer: structured output or a strict tool), and a reasoning block
/// before it all when the request enables extended thinking.
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
        var answer = BuildContent(request, model, plan, random);
        if (request.ThinkingBudget is not { } budget)
        {
            return answer;
        }

        // Drawn last, so a request without thinking draws what it always did.
        var tokens = Math.Clamp(plan.OutputTokens, 1, Math.Max(1, budget));
        var reasoning = new ReasoningBlock(TextGenerator.Sentences(random, tokens * 4), RandomId(random, 88), tokens);
        return answer with { Reasoning = reasoning, OutputTokens = answer.OutputTokens + tokens };
    }

    private static Answer BuildContent(ChatRequest request, ModelProfile model, CallPlan plan, Random random)
    {
        var stop = plan.HitMaxTokens ? "max_tokens" : "end_turn";
        var decision = request.Turns[^1].HasToolResult || request.Tools.Count == 0 ? null : ToolDecision.Draw(request, model, random);
        var tool = decision?.Tool;
        var judged = JudgeAnswerer.Draw(request, model.Judge, tool, random);

        var (schema, promptTexts) = FindSchema(request, tool);
        if (schema is null)
        {
            var prose = TextGenerator.Sentences(random, plan.OutputTokens * 4);
            return new Answer(prose, null, stop, request.InputTokens, plan.OutputTokens);
        }

        var constrained = request.IsConstrained(tool);
        var drawn = DrawnFaults.Draw(model.Faults, random);
        var faults = constrained ? DrawnFaults.None
            : drawn with { MissingRequired = drawn.MissingRequired || decision?.MissingArgument == true, WrongType = drawn.WrongType || decision?.InvalidType == true };
        if (judged is { AsText: true })
        {
            // A judge that ignores the verdict tool writes its verdict in prose, whatever the tool's constraints.
            faults = faults with { ProseWrapped = true };
        }

        var instance = judged?.Input ?? SchemaInstanceGenerator.Generate(schema, random, new EnumPicker(promptTexts), plan.OutputTokens, new PatternPicker(promptTexts));
        if (tool is not null && model.ToolCall is { Input: { } planned } && model.ToolCall.Name == tool.Name && instance is JsonObject arguments)
        {
            foreach (var (name, value) in planned)
            {
                arguments[name] = value?.DeepClone();
            }
        }

        if (tool is null && model.Answer is { } answer && instance is JsonObject fields)
        {
            foreach (var (name, value) in answer)
            {
                fields[name] = value?.DeepClone();
            }
        }

        FaultInjector.ApplyToInstance(instance, schema, faults, random);

        // A constrained answer stays schema-valid: only another enum value can be planted in it.
        WrongAnswerPlanter.Apply(instance, schema, constrained ? [.. model.WrongAnswers.Where(w => w.AnotherEnumValue)] : model.WrongAnswers, random);
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
