using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>One arm of a plan: the baseline, its repeat, or candidate <paramref name="Candidate"/> (0-based; 0 for the baseline arms).</summary>
internal readonly record struct PlanArm(Arm Arm, int Candidate);

/// <summary>One planned attempt and the request it sends.</summary>
internal sealed record PlannedAttempt(AttemptKey Key, ModelRequest Request);

/// <summary>
/// Every attempt of a run, in the order they are sent: sample-major, then case, then arm, with the arm
/// order rotating over every arm (baseline, each candidate, the repeat), so all arms meet the same service conditions
/// over time (never all of A, then B).
/// </summary>
internal sealed record RunPlan(ImmutableArray<PlannedAttempt> Attempts)
{
    public static RunPlan Create(SuiteDefinition suite)
    {
        var arms = ArmsOf(suite);
        // One request per case and arm, shared by its samples.
        var requests = suite.Cases.Select(c => arms.Select(arm => RequestFor(suite, c, arm.Arm, arm.Candidate)).ToArray()).ToArray();
        var attempts = ImmutableArray.CreateBuilder<PlannedAttempt>(suite.Cases.Length * suite.Samples * arms.Length);
        var slot = 0;
        for (var sample = 0; sample < suite.Samples; sample++)
        {
            for (var c = 0; c < suite.Cases.Length; c++)
            {
                for (var i = 0; i < arms.Length; i++)
                {
                    // Rotate which arm goes first, so neither arm is always the one sent first.
                    var a = (i + slot) % arms.Length;
                    attempts.Add(new PlannedAttempt(new AttemptKey(suite.Cases[c].Id, arms[a].Arm, sample, arms[a].Candidate), requests[c][a]));
                }

                slot++;
            }
        }

        return new RunPlan(attempts.MoveToImmutable());
    }

    /// <summary>
    /// The arms a suite runs: the baseline, each candidate (<c>candidates:</c>, in the suite's order), and the A/A repeat of
    /// the baseline with <c>noise_floor</c>.
    /// </summary>
    public static ImmutableArray<PlanArm> ArmsOf(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var arms = ImmutableArray.CreateBuilder<PlanArm>(suite.CandidateCount + 2);
        arms.Add(new PlanArm(Arm.Baseline, 0));
        for (var k = 0; k < suite.CandidateCount; k++)
        {
            arms.Add(new PlanArm(Arm.Candidate, k));
        }

        if (suite.NoiseFloor)
        {
            arms.Add(new PlanArm(Arm.BaselineRepeat, 0));
        }

        return arms.ToImmutable();
    }

    /// <summary>The attempts of the cases in <paramref name="shard"/> (for --shard); the whole plan when null.</summary>
    public RunPlan ForShard(ShardSpec? shard) =>
        shard is null ? this : new RunPlan(Attempts.RemoveAll(a => !shard.Contains(a.Key.CaseId)));

    /// <summary>The plan less the attempts already settled (for --resume).</summary>
    public RunPlan Without(IReadOnlySet<AttemptKey> settled) =>
        settled.Count == 0 ? this : new RunPlan(Attempts.RemoveAll(a => settled.Contains(a.Key)));

    /// <summary>
    /// The request every sample of <paramref name="case"/> sends on <paramref name="arm"/> (of candidate <paramref name="candidate"/>
    /// for a candidate's arm): the arm's settings beat the
    /// case's, which beat the suite's (docs/suite-format.md, "Precedence"); the noise-floor repeat is sent as the baseline.
    /// </summary>
    public static ModelRequest RequestFor(SuiteDefinition suite, PromptCase @case, Arm arm, int candidate = 0)
    {
        ArgumentNullException.ThrowIfNull(suite);
        suite = arm == Arm.Candidate ? suite.ForCandidate(candidate) : suite;
        var modelId = arm == Arm.Candidate ? suite.CandidateModelId : suite.BaselineModelId;
        var overrides = suite.OverridesOf(arm);
        var invoke = suite.Invoke is { } settings && @case.InvokeBody is { } body
            ? new InvokeModelBody(body, settings.TextPointer)
            : null;
        var system = overrides.System ?? @case.System;
        var structured = (overrides.StructuredOutput ?? @case.StructuredOutput ?? suite.StructuredOutput ?? false) && @case.SchemaJson is not null;
        return new ModelRequest(
            modelId,
            system?.Text ?? suite.SystemPrompt,
            overrides.PromptSuffix is { } suffix ? WithSuffix(@case.Messages, suffix) : @case.Messages,
            InferenceFor(suite, @case, arm),
            @case.Stream ?? suite.Stream,
            TimeSpan.FromSeconds(suite.TimeoutSeconds),
            invoke)
        {
            Tools = @case.Tools,
            StructuredOutput = structured ? new StructuredOutputRequest(@case.SchemaJson!, SchemaName(@case.SchemaPath)) : null,
            AdditionalFieldsJson = AdditionalFields.Merge(suite.AdditionalFieldsJson, @case.AdditionalFieldsJson, overrides.AdditionalFieldsJson),
            CacheSystemPrompt = system?.CachePoint ?? suite.CacheSystemPrompt,
            Tags = RequestTags.For(suite.Name, @case.Id),
        };
    }

    /// <summary>The inference settings of <paramref name="case"/> on <paramref name="arm"/> (of candidate <paramref name="candidate"/>): the suite's, then the case's keys over them, then the arm's over both.</summary>
    public static InferenceSettings InferenceFor(SuiteDefinition suite, PromptCase @case, Arm arm, int candidate = 0)
    {
        ArgumentNullException.ThrowIfNull(suite);
        suite = arm == Arm.Candidate ? suite.ForCandidate(candidate) : suite;
        var settings = @case.Inference?.ApplyTo(suite.Inference) ?? suite.Inference;
        return suite.OverridesOf(arm).Inference?.ApplyTo(settings) ?? settings;
    }

    /// <summary>The conversation with <paramref name="suffix"/> appended to the last text block of the last user turn (a new block when it has none).</summary>
    private static ImmutableArray<Turn> WithSuffix(ImmutableArray<Turn> messages, string suffix)
    {
        var last = messages.Length - 1;
        var parts = messages[last].Parts;
        var text = parts.Length - 1;
        while (text >= 0 && parts[text] is not TextPart)
        {
            text--;
        }

        parts = text >= 0
            ? parts.SetItem(text, new TextPart(((TextPart)parts[text]).Text + suffix))
            : parts.Add(new TextPart(suffix));
        return messages.SetItem(last, messages[last] with { Parts = parts });
    }

    /// <summary>The name sent with a structured-output schema: the schema file's name in the characters Bedrock allows.</summary>
    private static string SchemaName(string? schemaPath)
    {
        var stem = Path.GetFileNameWithoutExtension(schemaPath ?? string.Empty);
        var name = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').Take(64)]);
        return name.Length == 0 ? "answer" : name;
    }
}
