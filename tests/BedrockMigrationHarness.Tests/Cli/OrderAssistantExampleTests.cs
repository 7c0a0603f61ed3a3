using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The second example, prompts/examples/order-assistant: it loads, plans, dry-runs, and runs end to end on the emulator,
/// where its profile plants a tool-calling regression in the candidate. The verdict is exact although latency is
/// wall-clock time: the blocking format-compliance floor fails on seeded draws (wrong tool, numeric order id), and a
/// failing blocking gate decides NO-GO whatever the latency gates say.
/// </summary>
[TestFixture]
public sealed class OrderAssistantExampleTests
{
    private const string SuitePath = "prompts/examples/order-assistant/suite.yaml";

    [Test]
    public async Task Run_DryRun_ExitsZeroAndCallsNothing()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);

        var code = await cli.RunAsync("run", SuitePath, "--dry-run", "--out", dir.File("run"));

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        Assert.That(Directory.Exists(dir.File("run")), Is.False, "nothing was started");
    }

    [Test]
    public void Load_Example_HasEveryKindOfCase()
    {
        var suite = SuiteLoader.Load(Path.Combine(RepoPaths.Root, SuitePath));

        Assert.That(suite.Cases, Has.Length.EqualTo(13));
        Assert.That(suite.Samples, Is.EqualTo(10));
        Assert.That(suite.Cases.Count(c => c.ExpectTool is not null), Is.EqualTo(9));
        Assert.That(suite.Cases.Count(c => c.Messages.Length > 1), Is.EqualTo(5), "3 conversations and 2 second-turn cases");
        Assert.That(suite.Cases.Count(c => c.Messages.Any(t => t.Parts.Any(p => p is ToolResultPart))), Is.EqualTo(2));
        Assert.That(suite.Cases.Count(c => c.Messages.Any(t => t.Parts.Any(p => p is DocumentPart))), Is.EqualTo(1));
        Assert.That(suite.Cases.Count(c => c.Messages.Any(t => t.Parts.Any(p => p is ImagePart))), Is.EqualTo(1));
    }

    [Test]
    public void RequestFor_Example_CandidateDropsTopPAndGetsStructuredOutputOnTextAnswersOnly()
    {
        var suite = SuiteLoader.Load(Path.Combine(RepoPaths.Root, SuitePath));

        foreach (var @case in suite.Cases)
        {
            var baseline = RunPlan.RequestFor(suite, @case, Arm.Baseline);
            var candidate = RunPlan.RequestFor(suite, @case, Arm.Candidate);
            Assert.That((baseline.Inference.Temperature, baseline.Inference.TopP), Is.EqualTo((0.0, 0.9)), @case.Id);
            Assert.That((candidate.Inference.Temperature, candidate.Inference.TopP), Is.EqualTo((0.0, (double?)null)), @case.Id);
            Assert.That(baseline.StructuredOutput, Is.Null, @case.Id);
            Assert.That(candidate.StructuredOutput is not null, Is.EqualTo(@case.SchemaJson is not null), @case.Id);
            Assert.That(candidate.Tools!.Tools.Select(t => t.Name), Is.EqualTo(new[] { "lookup_order", "issue_refund" }), @case.Id);
            Assert.That(candidate.CacheSystemPrompt && candidate.Tools.CachePoint, Is.True, @case.Id);
        }
    }

    [Test]
    public async Task Run_OnTheEmulator_NoGoOnTheCandidatesToolCallsWithTheArmsDifferencesOnTheFirstScreen()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);

        var code = await cli.RunAsync("run", SuitePath, "--emulator", "--out", dir.File("run"));

        Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Contain("Verdict: NO-GO"));
        Assert.That(cli.Out, Does.Contain("Candidate format compliance 91.5% (95% CI 85.4% to 95.7%, 119/130) is below the 98.0% floor."));
        Assert.That(cli.Out, Does.Contain("format 100.0% → 91.5% · correctness 100.0% → 100.0%"), "the baseline answers every case right");
        Assert.That(cli.Out, Does.Contain("candidate: top_p not sent (baseline: 0.9)"));

        var csv = await File.ReadAllTextAsync(Path.Combine(dir.File("run"), "attempts.csv"));
        Assert.That(csv, Does.Contain("called lookup_order, expected issue_refund").Or.Contain("called issue_refund, expected lookup_order"), "a wrong tool");
        Assert.That(csv, Does.Contain("input /order_id: expected a string"), "an order id sent as a number");
        var html = await File.ReadAllTextAsync(Path.Combine(dir.File("run"), "report.html"));
        Assert.That(html.IndexOf("What differs between the arms", StringComparison.Ordinal), Is.LessThan(html.IndexOf("id=\"gates\"", StringComparison.Ordinal)));
        Assert.That(html, Does.Contain("Tool chosen: the same in"));
    }
}
