using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>One planned attempt and the request it sends.</summary>
internal sealed record PlannedAttempt(AttemptKey Key, ModelRequest Request);

/// <summary>
/// Every attempt of a run, in the order they are sent: sample-major, then case, then arm, with the arm
/// order alternating, so both arms meet the same service conditions over time (never all of A, then B).
/// </summary>
internal sealed record RunPlan(ImmutableArray<PlannedAttempt> Attempts)
{
    public static RunPlan Create(SuiteDefinition suite)
    {
        var arms = ArmsOf(suite);
        var attempts = ImmutableArray.CreateBuilder<PlannedAttempt>(suite.Cases.Length * suite.Samples * arms.Length);
        var slot = 0;
        for (var sample = 0; sample < suite.Samples; sample++)
        {
            foreach (var @case in suite.Cases)
            {
                for (var i = 0; i < arms.Length; i++)
                {
                    // Rotate which arm goes first, so neither arm is always the one sent first.
                    var arm = arms[(i + slot) % arms.Length];
                    attempts.Add(new PlannedAttempt(new AttemptKey(@case.Id, arm, sample), RequestFor(suite, @case, arm)));
                }

                slot++;
            }
        }

        return new RunPlan(attempts.MoveToImmutable());
    }

    /// <summary>The arms a suite runs: baseline and candidate, and the A/A repeat of the baseline with <c>noise_floor</c>.</summary>
    public static ImmutableArray<Arm> ArmsOf(SuiteDefinition suite) => suite.NoiseFloor
        ? [Arm.Baseline, Arm.Candidate, Arm.BaselineRepeat]
        : [Arm.Baseline, Arm.Candidate];

    /// <summary>The attempts of the cases in <paramref name="shard"/> (for --shard); the whole plan when null.</summary>
    public RunPlan ForShard(ShardSpec? shard) =>
        shard is null ? this : new RunPlan(Attempts.RemoveAll(a => !shard.Contains(a.Key.CaseId)));

    /// <summary>The plan less the attempts already settled (for --resume).</summary>
    public RunPlan Without(IReadOnlySet<AttemptKey> settled) =>
        settled.Count == 0 ? this : new RunPlan(Attempts.RemoveAll(a => settled.Contains(a.Key)));

    /// <summary>The request every sample of <paramref name="case"/> sends on <paramref name="arm"/>.</summary>
    public static ModelRequest RequestFor(SuiteDefinition suite, PromptCase @case, Arm arm)
    {
        var modelId = arm == Arm.Candidate ? suite.CandidateModelId : suite.BaselineModelId;
        var invoke = suite.Invoke is { } settings && @case.InvokeBody is { } body
            ? new InvokeModelBody(body, settings.TextPointer)
            : null;
        return new ModelRequest(
            modelId,
            suite.SystemPrompt,
            @case.Messages,
            suite.Inference,
            @case.Stream ?? suite.Stream,
            TimeSpan.FromSeconds(suite.TimeoutSeconds),
            invoke);
    }
}
