using System.Text.Json;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run` through each Bedrock API the harness speaks: Converse, ConverseStream and InvokeModel.</summary>
[TestFixture]
public sealed class RunApiTests
{
    private const string Profile = """
        seed: 11
        models:
          "anthropic.claude-3-5-haiku-20241022-v1:0": { latency: { fixed_ms: 30, first_token_ms: 10 }, output_tokens: { mean: 40, sd: 4 } }
          "anthropic.claude-haiku-4-5-20251001-v1:0": { latency: { fixed_ms: 30, first_token_ms: 10 }, output_tokens: { mean: 40, sd: 4 } }
        """;

    private const string Head = """
        name: api
        baseline: anthropic.claude-3-5-haiku-20241022-v1:0
        candidate: anthropic.claude-haiku-4-5-20251001-v1:0
        samples: 3
        concurrency: 4
        inference: { max_tokens: 100 }
        """;

    private const string Cases = """
        cases:
          - id: greet
            prompt: "Greet the customer named Ada."
          - id: thank
            prompt: "Thank the customer for waiting."
        """;

    private static async Task<(int Code, JournalContents Journal, JsonDocument Summary, string Html)> RunAsync(params string[] suiteParts)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("suite.yaml"), string.Join("\n", suiteParts));
        await File.WriteAllTextAsync(dir.File("profile.yaml"), Profile);
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(File.Exists(dir.File("out/summary.json")), Is.True, cli.Out + cli.Error);
        return (code,
            JournalReader.Read(dir.File("out/results.jsonl")),
            JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("out/summary.json"))),
            await File.ReadAllTextAsync(dir.File("out/report.html")));
    }

    [Test]
    public async Task Run_Converse_RecordsAnswersWithoutTimeToFirstToken()
    {
        var (_, journal, _, _) = await RunAsync(Head, Cases);

        Assert.That(journal.Records, Has.Length.EqualTo(12));
        Assert.That(journal.Records, Has.All.Matches<AttemptRecord>(r => r.Text is { Length: > 0 } && r.TimeToFirstTokenMs is null));
    }

    [Test]
    public async Task Run_Stream_MeasuresTimeToFirstTokenAndReportsIt()
    {
        var (_, journal, summary, html) = await RunAsync(Head, "stream: true", Cases);

        Assert.That(journal.Records, Has.All.Matches<AttemptRecord>(r =>
            r.Text is { Length: > 0 } && r.TimeToFirstTokenMs > 0 && r.TimeToFirstTokenMs <= r.ClientLatencyMs));
        var arms = summary.RootElement.GetProperty("arms");
        Assert.That(arms.EnumerateArray().Select(a => a.GetProperty("timeToFirstTokenMs").ValueKind), Has.All.EqualTo(JsonValueKind.Object));
        Assert.That(html, Does.Contain("time to first token").IgnoreCase);
    }

    [Test]
    public async Task Run_InvokeModel_SendsTheRenderedBodyAndReadsTheAnswer()
    {
        const string invoke = """
            api: invoke
            invoke:
              body_template: '{"anthropic_version": "bedrock-2023-05-31", "max_tokens": {{ max_tokens }}, "messages": [{"role": "user", "content": [{"type": "text", "text": {{ prompt | object.to_json }}}]}]}'
              text_pointer: /content/0/text
            """;

        var (_, journal, _, _) = await RunAsync(Head, invoke, Cases);

        Assert.That(journal.Records, Has.Length.EqualTo(12));
        Assert.That(journal.Records, Has.All.Matches<AttemptRecord>(r =>
            r.Outcome == CallOutcome.Success && r.Text is { Length: > 0 } && r.InputTokens > 0 && r.OutputTokens > 0));
    }
}
