using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Import;

/// <summary>Logged invocations built in code, as the log reader would decode them.</summary>
internal static class LoggedInvocations
{
    public const string Haiku = "anthropic.claude-3-haiku-20240307-v1:0";

    public static readonly DateTimeOffset Start = new(2025, 3, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A one-turn Converse call; the body hash follows the prompt (equal prompts de-duplicate).</summary>
    public static LoggedInvocation Create(
        int n,
        string? prompt = null,
        string model = Haiku,
        LoggedOperation operation = LoggedOperation.Converse,
        LoggedInference? inference = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        string? requestId = null,
        ImmutableArray<Turn>? messages = null,
        SystemOverride? system = null,
        ToolConfiguration? tools = null,
        string? additionalFields = null,
        LoggedAnswer? answer = null,
        ImmutableArray<string>? notReplayed = null,
        string? region = "us-east-1")
    {
        var turns = messages ?? [Turn.UserText(prompt ?? $"Prompt number {n}")];
        var body = string.Join("\n", turns.Select(t => t.Role + ":" + t.Text)) + "|" + system?.Text + "|" + inference;
        return new LoggedInvocation(
            new LogRecordOrigin("logs/test.jsonl", n),
            requestId ?? Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"{n:x8}-5561-4431-93b8-06a817275900")).ToString(),
            Start.AddMinutes(n),
            operation,
            model,
            region,
            (metadata ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
            new LoggedRequest(system, turns, inference ?? new LoggedInference(512, 0.5, null, null), tools, additionalFields,
                notReplayed ?? [], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))),
            answer ?? new LoggedAnswer($"Answer {n}", [], "end_turn", 300 + n, 10, 20, null, null));
    }

    public static LogEntry Kept(LoggedInvocation invocation) => new LogEntry.Kept(invocation);

    public static LogEntry Dropped(int line, DropReason reason) =>
        new LogEntry.Dropped(new DroppedRecord(new LogRecordOrigin("logs/test.jsonl", line), null, reason, $"dropped by the reader ({reason})"));

    public static ImportPlan Plan(string output = "/tmp/bmh-tests/never-written", Func<ImportOptions, ImportOptions>? change = null)
    {
        var options = new ImportOptions(["logs"], output);
        return ImportPlanBuilder.Build(change is null ? options : change(options));
    }

    public static async IAsyncEnumerable<LogEntry> Stream(IEnumerable<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }
}
