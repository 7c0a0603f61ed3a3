using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>A lifecycle port that looks nothing up: both models' lifecycle is unknown, as when the lookup is not allowed.</summary>
internal sealed class NoLifecycle(DateTimeOffset at) : ILifecycleSource
{
    public Task<(ModelLifecycleFacts Baseline, ModelLifecycleFacts Candidate)> LookUpAsync(SuiteDefinition suite, CancellationToken cancellationToken) =>
        Task.FromResult((ModelLifecycleFacts.Failed(suite.BaselineModelId, at, "not asked"), ModelLifecycleFacts.Failed(suite.CandidateModelId, at, "not asked")));
}
