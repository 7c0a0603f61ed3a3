using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// SHA-256 over what decides the calls of a plan: the suite's name, both models and the region, the API (Converse or an InvokeModel
/// body template, streaming), the system prompt, the inference settings, the samples, the arms (noise floor) and every
/// case's id and rendered prompt. Two runs with the same fingerprint send the same calls, so one can continue the
/// other's journal. The knobs of how they are sent (concurrency, timeout, retry policy) are left out on purpose:
/// lowering --concurrency after throttling is exactly when people resume.
/// </summary>
internal static class SuiteFingerprint
{
    public static string Of(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var identity = new PlanIdentity(
            suite.Name,
            suite.BaselineModelId,
            suite.CandidateModelId,
            suite.Region,
            suite.Invoke,
            suite.Stream,
            suite.SystemPrompt,
            suite.Inference,
            suite.Samples,
            RunPlan.ArmsOf(suite),
            [.. suite.Cases.Select(c => new CaseIdentity(c.Id, c.Prompt, c.InvokeBody, c.Stream))]);
        var json = JsonSerializer.SerializeToUtf8Bytes(identity, JsonDefaults.Compact);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private sealed record PlanIdentity(
        string Name,
        string Baseline,
        string Candidate,
        string Region,
        InvokeSettings? Invoke,
        bool Stream,
        string? SystemPrompt,
        InferenceSettings Inference,
        int Samples,
        ImmutableArray<Arm> Arms,
        ImmutableArray<CaseIdentity> Cases);

    private sealed record CaseIdentity(string Id, string Prompt, string? InvokeBody, bool? Stream);
}
