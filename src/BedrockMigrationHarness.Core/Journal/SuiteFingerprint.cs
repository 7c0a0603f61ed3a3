using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// SHA-256 over what decides the calls of a plan: the suite's name, both models and the region, the API (Converse or an InvokeModel
/// body template, streaming), the system prompt, the inference settings, the samples, the arms (noise floor) and every
/// case's id and rendered prompt. Two runs with the same fingerprint send the same calls, so one can continue the
/// other's journal. The knobs of how they are sent (concurrency, timeout, retry policy) are left out on purpose:
/// lowering --concurrency after throttling is exactly when people resume. What is hashed is a DTO
/// (<see cref="PlanIdentityDto"/>) serialized by the journal's context, so renaming an internal property leaves it alone.
/// </summary>
internal static class SuiteFingerprint
{
    public static string Of(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var identity = new PlanIdentityDto
        {
            Name = suite.Name,
            Baseline = suite.BaselineModelId,
            Candidate = suite.CandidateModelId,
            Region = suite.Region,
            Invoke = suite.Invoke is { } invoke ? JournalFormat.ToDto(invoke) : null,
            Stream = suite.Stream,
            SystemPrompt = suite.SystemPrompt,
            Inference = JournalFormat.ToDto(suite.Inference),
            Samples = suite.Samples,
            Arms = [.. RunPlan.ArmsOf(suite).Select(EnumNames<Arm>.Name)],
            Cases = [.. suite.Cases.Select(c => new CaseIdentityDto { Id = c.Id, Prompt = c.Prompt, InvokeBody = c.InvokeBody, Stream = c.Stream })],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(identity, JournalJsonContext.Journal.PlanIdentityDto);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
