using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;

namespace BedrockMigrationHarness.Pricing;

/// <summary>What a run will cost at most, before it starts (<c>bmh run --dry-run</c>, <c>--max-cost</c>).</summary>
/// <param name="TotalUsd">The sum over arms; null when an arm's model has no price.</param>
internal sealed record RunCostEstimate(ImmutableArray<ArmCostEstimate> Arms, double? TotalUsd);

/// <summary>One arm of the plan: its calls, estimated input tokens, output tokens at most, and their price (null without one).</summary>
internal sealed record ArmCostEstimate(Arm Arm, string ModelId, int Calls, long InputTokens, long MaxOutputTokens, double? Usd);

/// <summary>
/// Estimates a plan's cost without calling anything: input tokens ≈ characters of the system prompt and the prompt
/// (or the InvokeModel body) / 4, rounded up; output tokens = <c>max_tokens</c> per call, an upper bound. Retries are
/// not counted.
/// </summary>
internal static class RunCostEstimator
{
    /// <summary>Characters per token of the estimate: the usual rule of thumb for English text.</summary>
    public const int CharactersPerToken = 4;

    public static RunCostEstimate Estimate(RunPlan plan, PriceTable? prices)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var arms = plan.Attempts
            .GroupBy(a => a.Key.Arm)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var model = g.First().Request.ModelId;
                long input = g.Sum(a => InputTokens(a.Request));
                long output = g.Sum(a => (long)a.Request.Inference.MaxTokens);
                double? usd = prices?.Find(model) is { } price ? price.CostOf(input, output) : null;
                return new ArmCostEstimate(g.Key, model, g.Count(), input, output, usd);
            })
            .ToImmutableArray();
        return new RunCostEstimate(arms, arms.All(a => a.Usd is not null) ? arms.Sum(a => a.Usd!.Value) : null);
    }

    /// <summary>⌈characters / 4⌉ of what the call sends as text.</summary>
    public static long InputTokens(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        long characters = request.Invoke is { } invoke
            ? invoke.Body.Length
            : (request.SystemPrompt?.Length ?? 0) + request.Prompt.Length;
        return (characters + CharactersPerToken - 1) / CharactersPerToken;
    }
}
