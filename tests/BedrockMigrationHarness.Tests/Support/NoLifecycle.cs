using System.Collections.Immutable;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>A lifecycle port that looks nothing up: every model's lifecycle is unknown, as when the lookup is not allowed.</summary>
internal sealed class NoLifecycle(DateTimeOffset at) : ILifecycleSource
{
    public Task<(ModelLifecycleFacts Baseline, ImmutableArray<ModelLifecycleFacts> Candidates)> LookUpAsync(SuiteDefinition suite, CancellationToken cancellationToken) =>
        Task.FromResult((ModelLifecycleFacts.Failed(suite.BaselineModelId, at, "not asked"),
            suite.Candidates.Select(c => ModelLifecycleFacts.Failed(c.ModelId, at, "not asked")).ToImmutableArray()));
}
