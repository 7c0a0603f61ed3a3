using System.Buffers.Binary;
using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>What a run will cost at most, before it starts (<c>bmh run --dry-run</c>, <c>--max-cost</c>).</summary>
/// <param name="Judge">The judge's calls; null when the suite has no judge or it applies to no case.</param>
/// <param name="TotalUsd">The sum over the arms and the judge; null when one of their models has no price.</param>
public sealed record RunCostEstimate(ImmutableArray<ArmCostEstimate> Arms, JudgeCostEstimate? Judge, double? TotalUsd)
{
    /// <summary>Every planned call: the arms' and the judge's.</summary>
    public long Calls => Arms.Sum(a => a.Calls) + (Judge?.Calls ?? 0);

    /// <summary>The models of the plan without a price, each once.</summary>
    public IEnumerable<string> UnpricedModels
    {
        get
        {
            var models = Arms.Where(a => a.Usd is null).Select(a => a.ModelId);
            return (Judge is { Usd: null } judge ? models.Append(judge.ModelId) : models).Distinct(StringComparer.Ordinal);
        }
    }
}

/// <summary>One arm of the plan: its calls, estimated input tokens, output tokens at most, and their price (null without one).</summary>
public sealed record ArmCostEstimate(Arm Arm, string ModelId, long Calls, long InputTokens, long MaxOutputTokens, double? Usd)
{
    /// <summary>The 0-based candidate of a candidate's arm (suite key <c>candidates:</c>); 0 for the baseline arms.</summary>
    public int Candidate { get; init; }
}

/// <summary>The judge's calls of the plan: two per pair (both orders; a pair per case, sample and candidate), priced by the judge model (null without a price).</summary>
public sealed record JudgeCostEstimate(string ModelId, long Pairs, long Calls, long InputTokens, long MaxOutputTokens, double? Usd);

/// <summary>
/// Estimates a plan's cost without calling anything: input tokens ≈ characters of the text sent / 4, rounded up — the
/// system prompt, every text block of the conversation, scripted tool calls and results, and each tool's name,
/// description and input schema (or the InvokeModel body) — plus each image by Anthropic's rule ⌈width × height / 750⌉,
/// at most <see cref="MaxImageTokens"/> (the cap when the size cannot be read from a PNG or GIF header), plus each document
/// as its bytes / 4 (an upper bound for text; a PDF's pages are billed as text and images, which this does not model).
/// Output tokens = <c>max_tokens</c> per call, an upper bound. Retries are not counted. Computed per case and arm, then
/// multiplied by the samples, so a plan of any size is estimated at once without listing its calls.
/// The judge (suite key <c>judge:</c>) is counted as if every pair of the cases it applies to were complete: two calls per
/// case and sample, each the judge's prompt (its instructions, rubric and the case's conversation, estimated like any
/// request; in reference mode with the reference) plus both answers at their longest (each arm's <c>max_tokens</c>), and
/// the judge's <c>max_tokens</c> out, priced by the judge model. A batch run's arms are priced at batch prices
/// (<see cref="ModelPrice.BatchCostOf"/>: on-demand prices, an upper bound, for a model without them); its judge stays on demand.
/// </summary>
internal static class RunCostEstimator
{
    /// <summary>Characters per token of the estimate: the usual rule of thumb for English text.</summary>
    public const int CharactersPerToken = 4;

    /// <summary>Pixels per token of an image (Anthropic's rule of thumb: tokens = width × height / 750).</summary>
    public const int PixelsPerToken = 750;

    /// <summary>The most tokens an image costs: Anthropic scales an image down to about 1.15 megapixels, ~1,600 tokens.</summary>
    public const int MaxImageTokens = 1_600;

    /// <summary>The estimate of the plan of <paramref name="suite"/> (its cases in <paramref name="shard"/>, every sample and arm).</summary>
    public static RunCostEstimate Estimate(SuiteDefinition suite, ShardSpec? shard, PriceTable? prices)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var cases = suite.Cases.Where(c => shard is null || shard.Contains(c.Id)).ToArray();
        var arms = RunPlan.ArmsOf(suite)
            .OrderBy(arm => arm.Arm).ThenBy(arm => arm.Candidate)
            .Select(arm =>
            {
                long calls = (long)cases.Length * suite.Samples;
                long input = 0;
                long output = 0;
                string model = arm.Arm == Arm.Candidate ? suite.Candidates[arm.Candidate].ModelId : suite.BaselineModelId;
                foreach (var @case in cases)
                {
                    var request = RunPlan.RequestFor(suite, @case, arm.Arm, arm.Candidate);
                    input += InputTokens(request) * suite.Samples;
                    output += (long)request.Inference.MaxTokens * suite.Samples;
                }

                double? usd = prices?.Find(model) is { } price ? (suite.Batch is null ? price.CostOf(input, output) : price.BatchCostOf(input, output)) : null;
                return new ArmCostEstimate(arm.Arm, model, calls, input, output, usd) { Candidate = arm.Candidate };
            })
            .Where(a => a.Calls > 0)
            .ToImmutableArray();
        var judge = JudgeEstimate(suite, cases, prices);
        return new RunCostEstimate(arms, judge,
            arms.All(a => a.Usd is not null) && judge is not { Usd: null } ? arms.Sum(a => a.Usd!.Value) + (judge?.Usd ?? 0) : null);
    }

    /// <summary>The judge's calls on <paramref name="cases"/>: see the type's summary; null without a judge or a case it applies to.</summary>
    private static JudgeCostEstimate? JudgeEstimate(SuiteDefinition suite, PromptCase[] cases, PriceTable? prices)
    {
        if (suite.Judge is not { } judge)
        {
            return null;
        }

        var empty = new JudgedAnswer(string.Empty, []);
        var reference = judge.Mode == JudgeMode.Reference;
        long pairs = 0;
        long input = 0;
        foreach (var @case in cases.Where(judge.Applies))
        {
            var other = reference ? new JudgedAnswer(@case.Reference!.Text, @case.Reference.ToolCalls) : empty;
            for (var k = 0; k < suite.CandidateCount; k++)
            {
                long answers = RunPlan.InferenceFor(suite, @case, Arm.Candidate, k).MaxTokens
                    + (reference ? 0 : RunPlan.InferenceFor(suite, @case, Arm.Baseline).MaxTokens);
                pairs += suite.Samples;
                input += 2L * suite.Samples * (InputTokens(JudgePrompt.Build(suite.ForCandidate(k), judge, @case, other, empty)) + answers);
            }
        }

        if (pairs == 0)
        {
            return null;
        }

        long output = 2 * pairs * judge.Inference.MaxTokens;
        double? usd = prices?.Find(judge.ModelId) is { } price ? price.CostOf(input, output) : null;
        return new JudgeCostEstimate(judge.ModelId, pairs, 2 * pairs, input, output, usd);
    }

    /// <summary>The estimated input tokens of one call: its text / 4, its images and its documents (see the type's summary).</summary>
    public static long InputTokens(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Invoke is { } invoke)
        {
            return Tokens(invoke.Body.Length);
        }

        long characters = (request.SystemPrompt?.Length ?? 0)
            + (request.Tools?.Tools.Sum(t => (long)t.Name.Length + (t.Description?.Length ?? 0) + t.InputSchemaJson.Length) ?? 0);
        long files = 0;
        foreach (var part in request.Messages.SelectMany(m => m.Parts))
        {
            switch (part)
            {
                case TextPart text:
                    characters += text.Text.Length;
                    break;
                case ToolUsePart use:
                    characters += use.Name.Length + use.InputJson.Length;
                    break;
                case ToolResultPart result:
                    characters += result.Content.Length;
                    break;
                case ImagePart image:
                    files += ImageTokens(image.Bytes.Span);
                    break;
                case DocumentPart document:
                    files += Tokens(document.Bytes.Length);
                    break;
            }
        }

        return Tokens(characters) + files;
    }

    /// <summary>⌈width × height / 750⌉ capped at <see cref="MaxImageTokens"/>; the cap when the size is not in a PNG or GIF header.</summary>
    internal static long ImageTokens(ReadOnlySpan<byte> image)
    {
        long? pixels = image switch
        {
            [0x89, (byte)'P', (byte)'N', (byte)'G', _, _, _, _, _, _, _, _, (byte)'I', (byte)'H', (byte)'D', (byte)'R', ..] when image.Length >= 24 =>
                (long)BinaryPrimitives.ReadUInt32BigEndian(image[16..]) * BinaryPrimitives.ReadUInt32BigEndian(image[20..]),
            [(byte)'G', (byte)'I', (byte)'F', ..] when image.Length >= 10 =>
                (long)BinaryPrimitives.ReadUInt16LittleEndian(image[6..]) * BinaryPrimitives.ReadUInt16LittleEndian(image[8..]),
            _ => null,
        };
        return pixels is { } p ? Math.Min(MaxImageTokens, (p + PixelsPerToken - 1) / PixelsPerToken) : MaxImageTokens;
    }

    private static long Tokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;
}
