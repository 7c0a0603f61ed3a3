using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>What a run will cost at most, before it starts (<c>bmh run --dry-run</c>, <c>--max-cost</c>).</summary>
/// <param name="TotalUsd">The sum over arms; null when an arm's model has no price.</param>
public sealed record RunCostEstimate(ImmutableArray<ArmCostEstimate> Arms, double? TotalUsd);

/// <summary>One arm of the plan: its calls, estimated input tokens, output tokens at most, and their price (null without one).</summary>
public sealed record ArmCostEstimate(Arm Arm, string ModelId, long Calls, long InputTokens, long MaxOutputTokens, double? Usd);

/// <summary>
/// Estimates a plan's cost without calling anything: input tokens ≈ characters of the system prompt and the prompt
/// (or the InvokeModel body) / 4, rounded up; output tokens = <c>max_tokens</c> per call, an upper bound. Retries are
/// not counted. Computed per case and arm, then multiplied by the samples, so a plan of any size is estimated at once
/// without listing its calls.
/// </summary>
internal static class RunCostEstimator
{
    /// <summary>Characters per token of the estimate: the usual rule of thumb for English text.</summary>
    public const int CharactersPerToken = 4;

    /// <summary>The estimate of the plan of <paramref name="suite"/> (its cases in <paramref name="shard"/>, every sample and arm).</summary>
    public static RunCostEstimate Estimate(SuiteDefinition suite, ShardSpec? shard, PriceTable? prices)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var cases = suite.Cases.Where(c => shard is null || shard.Contains(c.Id)).ToArray();
        var arms = RunPlan.ArmsOf(suite)
            .Order()
            .Select(arm =>
            {
                long calls = (long)cases.Length * suite.Samples;
                long input = 0;
                long output = 0;
                string model = arm == Arm.Candidate ? suite.CandidateModelId : suite.BaselineModelId;
                foreach (var @case in cases)
                {
                    var request = RunPlan.RequestFor(suite, @case, arm);
                    input += InputTokens(request) * suite.Samples;
                    output += (long)request.Inference.MaxTokens * suite.Samples;
                }

                double? usd = prices?.Find(model) is { } price ? price.CostOf(input, output) : null;
                return new ArmCostEstimate(arm, model, calls, input, output, usd);
            })
            .Where(a => a.Calls > 0)
            .ToImmutableArray();
        return new RunCostEstimate(arms, arms.All(a => a.Usd is not null) ? arms.Sum(a => a.Usd!.Value) : null);
    }

    /// <summary>⌈characters / 4⌉ of what the call sends as text.</summary>
    public static long InputTokens(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        long characters = request.Invoke is { } invoke
            ? invoke.Body.Length
            : (request.SystemPrompt?.Length ?? 0) + request.Messages.Sum(m => m.Text.Length);
        return (characters + CharactersPerToken - 1) / CharactersPerToken;
    }
}
