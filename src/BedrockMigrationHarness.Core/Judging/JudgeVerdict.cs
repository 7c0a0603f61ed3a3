using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Judging;

/// <summary>Which answer the judge preferred, by the position it was shown in.</summary>
public enum JudgePick
{
    /// <summary>Answer A, the one shown first.</summary>
    First,
    /// <summary>Answer B, the one shown second.</summary>
    Second,
    /// <summary>Neither is clearly better.</summary>
    Tie,
}

/// <summary>One judge call's verdict, read from its <see cref="JudgePrompt.ToolName"/> call.</summary>
/// <param name="Confidence">The judge's own confidence, in [0, 1].</param>
/// <param name="Reason">The judge's reason, at most 600 characters.</param>
public sealed record JudgeVerdict(JudgePick Pick, double Confidence, string Reason);

/// <summary>
/// Reads a judge's answer. It is validated like any answer of the run: a case that expects the verdict tool, checked by
/// <see cref="ResponseChecker"/> against <see cref="JudgePrompt.VerdictSchemaJson"/>; anything else (no call, another tool,
/// input not valid against the schema) is malformed, and the runner asks again.
/// </summary>
public static class JudgeVerdictReader
{
    private static readonly PromptCase VerdictCase = new("judge-verdict", [Turn.UserText("verdict")], null, null, [], null)
    {
        Tools = new ToolConfiguration([JudgePrompt.VerdictTool], new ToolChoice(ToolChoiceKind.Tool, JudgePrompt.ToolName), false),
        ExpectTool = new ToolExpectation(JudgePrompt.ToolName, []),
    };

    private static readonly ResponseChecker Checker = new([VerdictCase]);

    /// <summary>The verdict of an answer, or null with <paramref name="problem"/> saying what is wrong with it.</summary>
    public static JudgeVerdict? Read(string? text, ImmutableArray<ToolCall> toolCalls, out string? problem)
    {
        var calls = toolCalls.IsDefault ? [] : toolCalls;
        var check = Checker.Check(VerdictCase, text, calls);
        if (!check.FormatCompliant)
        {
            problem = "the judge's answer is malformed: " + string.Join("; ", check.SchemaErrors);
            return null;
        }

        using var input = JsonDocument.Parse(calls.First(c => c.Name == JudgePrompt.ToolName).InputJson);
        var root = input.RootElement;
        problem = null;
        var pick = root.GetProperty("winner").GetString() switch
        {
            "A" => JudgePick.First,
            "B" => JudgePick.Second,
            _ => JudgePick.Tie,
        };
        return new JudgeVerdict(pick, root.GetProperty("confidence").GetDouble(), root.GetProperty("reason").GetString()!);
    }

    /// <summary>The verdict of a journal record: null for an error, a retried try, or a malformed answer.</summary>
    public static JudgeVerdict? Read(AttemptRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Outcome == CallOutcome.Success ? Read(record.Text, record.ToolCalls, out _) : null;
    }

    /// <summary>The tool input a judge gives for <paramref name="verdict"/> (the emulator's and the simulation's judges answer with it).</summary>
    public static string InputJson(JudgeVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var winner = verdict.Pick switch
        {
            JudgePick.First => "A",
            JudgePick.Second => "B",
            _ => "tie",
        };
        return "{\"winner\":\"" + winner + "\",\"confidence\":" + verdict.Confidence.ToString("0.###", CultureInfo.InvariantCulture)
            + ",\"reason\":" + JsonSerializer.Serialize(verdict.Reason, JsonDefaults.Compact) + "}";
    }
}
