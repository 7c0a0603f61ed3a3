using System.Text.RegularExpressions;
using BedrockMigrationHarness.Judging;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// How a model plays an LLM judge, so tests know the right verdict. A judge request (one that offers the tool
/// <see cref="JudgePrompt.ToolName"/> and whose last user turn holds two answers as <see cref="JudgePrompt"/> writes them)
/// has a planted truth: the answer that matches <see cref="Worse"/> loses when exactly one of the two matches, else it is
/// a tie. The verdict is <see cref="SimulatedJudge"/>'s for that truth, drawn from the request's own random stream (the same
/// seed and body give the same verdict); <see cref="Malformed"/> of the verdicts are malformed instead. Requests that are
/// not judge requests are answered as by any model.
/// </summary>
/// <param name="Worse">Matches the text of the worse answer (the profile's <c>prompt:</c> rules' match timeout; a search that times out counts as no match).</param>
/// <param name="Accuracy">Share of unbiased verdicts that give the truth, in [0, 1]; default 1.</param>
/// <param name="PositionBias">Share of verdicts that pick answer A whatever the answers, in [0, 1]; default 0.</param>
/// <param name="Malformed">Share of answers that are malformed verdicts (winner <c>C</c>, or the verdict as plain text with no tool call), in [0, 1]; default 0.</param>
public sealed record JudgeBehaviour(Regex Worse, double Accuracy = 1, double PositionBias = 0, double Malformed = 0);
