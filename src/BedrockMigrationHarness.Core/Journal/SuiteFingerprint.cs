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
/// case's id and rendered prompt; since format 3 also the conversations (with each image's and document's SHA-256, so a
/// file edited since is a different plan), tools, structured output, additional fields, cache points and arm overrides, and the
/// inference settings each arm sends a case that sets inference keys of its own; with a <c>judge:</c>, its model, mode, rubric,
/// inference settings and the cases it grades (each with its own rubric). A case's <c>reference:</c> is left out, but for a
/// judge in reference mode, which is shown it: it changes no other call, so a reference corrected after the run started does
/// not block <c>--resume</c>. Without a judge nothing of it is hashed, so such a suite keeps its fingerprint. An adaptive run's
/// settings (<c>adaptive:</c> or <c>--until-decided</c>, the caps included) decide how many rounds are sent, so they are hashed
/// too; a fixed-size run hashes nothing of them and keeps its fingerprint. The candidates after the first (<c>candidates:</c>)
/// are hashed with their overrides; a suite with one candidate hashes nothing of them. A batch run's settings (<c>batch:</c>, <c>--batch</c>) but its poll
/// interval are hashed too; an on-demand run hashes nothing of them. Two runs with the same fingerprint send the same calls, so one can continue the
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
            Arms = [.. RunPlan.ArmsOf(suite).Select(a => EnumNames<Arm>.Name(a.Arm))],
            Cases = [.. suite.Cases.Select(c => new CaseIdentityDto
            {
                Id = c.Id,
                Prompt = c.Prompt,
                InvokeBody = c.InvokeBody,
                Stream = c.Stream,
                Messages = JournalFormat.MessagesOf(c),
                System = JournalFormat.ToDto(c.System),
                Tools = JournalFormat.ToDto(c.Tools),
                StructuredOutput = c.StructuredOutput,
                StructuredOutputSchema = RunPlan.ArmsOf(suite).Any(arm => RunPlan.RequestFor(suite, c, arm.Arm, arm.Candidate).StructuredOutput is not null) ? c.SchemaJson : null,
                AdditionalFieldsJson = c.AdditionalFieldsJson,
                ArmInference = c.Inference is null ? null : [.. RunPlan.ArmsOf(suite).Select(arm => JournalFormat.ToDto(RunPlan.InferenceFor(suite, c, arm.Arm, arm.Candidate)))],
            })],
            CacheSystemPrompt = suite.CacheSystemPrompt ? true : null,
            StructuredOutput = suite.StructuredOutput,
            AdditionalFieldsJson = suite.AdditionalFieldsJson,
            BaselineOverrides = JournalFormat.ToDto(suite.Baseline, suite.Inference) is { } baseline ? baseline with { InferenceKeys = null } : null,
            CandidateOverrides = JournalFormat.ToDto(suite.Candidate, suite.Inference) is { } candidate ? candidate with { InferenceKeys = null } : null,
            Judge = suite.Judge is { } judge ? JudgeIdentity(judge, suite.Cases) : null,
            Adaptive = suite.Adaptive is { } adaptive ? JournalFormat.ToDto(adaptive) : null,
            Batch = suite.Batch is { } batch ? JournalFormat.ToDto(batch) with { PollInterval = null } : null,
            OtherCandidates = suite.OtherCandidates.IsDefaultOrEmpty
                ? null
                : [.. suite.OtherCandidates.Select(c => new CandidateDto
                {
                    ModelId = c.ModelId,
                    Overrides = JournalFormat.ToDto(c.Overrides, suite.Inference) is { } overrides ? overrides with { InferenceKeys = null } : null,
                })],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(identity, JournalJsonContext.Journal.PlanIdentityDto);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private static JudgeIdentityDto JudgeIdentity(JudgeSettings judge, IEnumerable<PromptCase> cases) => new()
    {
        Model = judge.ModelId,
        Mode = EnumNames<JudgeMode>.Name(judge.Mode),
        Rubric = judge.Rubric,
        Inference = JournalFormat.ToDto(judge.Inference),
        Cases = [.. cases.Where(judge.Applies).Select(c => new JudgedCaseIdentityDto
        {
            Id = c.Id,
            Rubric = c.Judge?.Rubric,
            Reference = judge.Mode == JudgeMode.Reference ? JournalFormat.ToDto(c.Reference!) with { Production = null } : null,
        })],
    };

    /// <summary>
    /// The first image or document of <paramref name="current"/> whose content differs from the same file in
    /// <paramref name="previous"/> (same case, same path, another SHA-256), in words; null when none did.
    /// </summary>
    public static string? ChangedFile(SuiteDefinition previous, SuiteDefinition current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Cases.SelectMany(Files).ToLookup(f => (f.Case, f.Path), f => f.Sha256);
        return current.Cases.SelectMany(Files)
            .Where(f => before[(f.Case, f.Path)].Any(sha => sha != f.Sha256))
            .Select(f => $"the file `{f.Path}` (case `{f.Case}`) has changed since the run started: its SHA-256 was {before[(f.Case, f.Path)].First()[..12]}…, now {f.Sha256[..12]}…. "
                + "Restore the file to resume, or start a new run with another --out.")
            .FirstOrDefault();
    }

    private static IEnumerable<(string Case, string Path, string Sha256)> Files(PromptCase c) =>
        c.Messages.SelectMany(t => t.Parts).Select(p => p switch
        {
            ImagePart i => (c.Id, i.Path, i.Sha256),
            DocumentPart d => (c.Id, d.Path, d.Sha256),
            _ => default,
        }).Where(f => f.Path is not null);
}
