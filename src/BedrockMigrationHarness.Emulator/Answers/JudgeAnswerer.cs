using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Judging;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A judge's answer before any wire format: the verdict tool's input, and whether it is written as text instead of a call.</summary>
/// <param name="AsText">The judge ignores the tool and writes the verdict in prose (a malformed answer).</param>
internal sealed record JudgeDraw(JsonObject Input, bool AsText);

/// <summary>
/// Plays a judge (<see cref="JudgeBehaviour"/>): reads the two answers of a judge request, finds the planted truth and draws
/// the verdict. Draws nothing for a request that is not a judge request, so such a request answers as it always did; for a
/// judge request it draws two numbers (malformed, and which malformation) and then <see cref="SimulatedJudge"/>'s two or three.
/// </summary>
internal static class JudgeAnswerer
{
    /// <summary>The winner a malformed verdict names: not one of the schema's A, B or tie.</summary>
    public const string MalformedWinner = "C";

    /// <summary>The judge's answer to <paramref name="request"/>, or null when the model plays no judge or the request is not a judge request calling the verdict tool.</summary>
    public static JudgeDraw? Draw(ChatRequest request, JudgeBehaviour? judge, ToolDefinition? tool, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        if (judge is null || tool?.Name != JudgePrompt.ToolName || request.Turns[^1].Role != "user"
            || !JudgePrompt.TryReadAnswers(string.Join("\n", request.Turns[^1].Texts), out var first, out var second))
        {
            return null;
        }

        var malformed = random.NextDouble() < judge.Malformed;
        var asText = random.NextDouble() < 0.5;
        var verdict = new SimulatedJudge(judge.Accuracy, judge.PositionBias).Judge(Truth(judge.Worse, first, second), random.NextDouble);
        var input = JsonNode.Parse(JudgeVerdictReader.InputJson(verdict))!.AsObject();
        if (malformed && !asText)
        {
            input["winner"] = MalformedWinner;
        }

        return new JudgeDraw(input, malformed && asText);
    }

    /// <summary>The planted truth: the answer matching <paramref name="worse"/> loses when exactly one of the two matches; else a tie.</summary>
    public static JudgePick Truth(Regex worse, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(worse);
        var (firstWorse, secondWorse) = (Matches(worse, first), Matches(worse, second));
        return firstWorse == secondWorse ? JudgePick.Tie : firstWorse ? JudgePick.Second : JudgePick.First;
    }

    private static bool Matches(Regex worse, string text)
    {
        try
        {
            return worse.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
