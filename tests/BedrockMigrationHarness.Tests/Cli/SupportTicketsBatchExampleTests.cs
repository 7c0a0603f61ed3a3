using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The support-tickets example through batch inference on the emulator (`bmh run … --emulator --batch … --role-arn …`),
/// end to end. Its 20 cases × 5 samples make 100 records per arm, exactly the default <c>min_records</c>: one job per arm.
/// The profile answers as it does on demand (same seed, same bodies), so the verdict is the example's INCONCLUSIVE: the
/// candidate's format compliance (94 of its 96 answers, 4 records throttled by the profile's 2% error rate) is under the
/// 98% floor and 2.1 points below the baseline, but both intervals still reach the limits; output tokens and the monthly
/// cost are warnings; and the two latency gates read NOT MEASURED, never PASS.
/// </summary>
[TestFixture]
public sealed class SupportTicketsBatchExampleTests
{
    private const string SuitePath = "prompts/examples/support-tickets/suite.yaml";

    private const string BaselineModel = "anthropic.claude-3-5-sonnet-20241022-v2:0";

    [Test]
    public async Task Run_BatchOnTheEmulator_IsInconclusiveWithLatencyNotMeasuredAndTheJobsInEveryReport()
    {
        using var dir = new TempDirectory();
        var example = ExampleCopy.WithInstantLatency(SuitePath, dir.File("prompts/examples/support-tickets"));
        File.Copy(Path.Combine(RepoPaths.Root, "prompts", "pricing.yaml"), dir.File("prompts/pricing.yaml"));
        var run = dir.File("run");
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", Path.Combine(example, "suite.yaml"), "--emulator", Path.Combine(example, "profile.yaml"),
            "--batch", "s3://bmh-batch-bucket/runs/", "--role-arn", "arn:aws:iam::123456789012:role/BedrockBatchInference", "--out", run);

        Assert.That(code, Is.EqualTo(ExitCodes.Inconclusive), cli.Out + cli.Error);
        var journal = JournalReader.Read(Path.Combine(run, JournalWriter.FileName));
        var jobs = journal.BatchJobs;
        Assert.Multiple(() =>
        {
            Assert.That(jobs.Select(j => (j.Arm, j.Number, j.Records, j.End?.State, j.End?.RecordsJournaled)), Is.EquivalentTo(new (Arm, int, int, BatchJobState?, int?)[]
            {
                (Arm.Baseline, 1, 100, BatchJobState.Completed, 100), (Arm.Candidate, 1, 100, BatchJobState.Completed, 100),
            }));
            Assert.That(journal.Records, Has.Length.EqualTo(200), "every record journaled once");
            Assert.That(journal.Records.Select(r => (r.Try, r.Final, r.ClientLatencyMs)).Distinct(), Is.EqualTo(new[] { (1, true, 0.0) }));
            Assert.That(journal.Records.Count(r => r.Arm == Arm.Candidate && r.Outcome != CallOutcome.Success), Is.EqualTo(4));
        });

        var arns = jobs.Select(j => j.JobArn!).ToList();
        Assert.That(arns, Has.All.Match(@"^arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/[a-z0-9]{12}$"));
        Assert.Multiple(() =>
        {
            Assert.That(cli.Out, Does.Contain("Verdict: INCONCLUSIVE"));
            Assert.That(cli.Out, Does.Match(@"p50 latency increase\s*│.*│\s*NOT MEASURED\s*│"));
            Assert.That(cli.Out, Does.Match(@"p99 latency increase \*\s*│.*│\s*NOT MEASURED\s*│"));
            Assert.That(cli.Out, Does.Contain("Batch inference: Latency is not measured in batch mode"));
            foreach (var arn in arns)
            {
                Assert.That(cli.Out, Does.Contain(arn));
            }

            Assert.That(cli.Out, Does.Contain(": Completed, 100 of 100 records journaled (100 answered, 0 errors;"));
            Assert.That(cli.Out, Does.Contain(": Completed, 100 of 100 records journaled (96 answered, 4 errors;"));
        });

        // The run's cost: the baseline at its batch prices ($1.50 / $7.50 per million), the candidate, which has none in the
        // table, at its on-demand prices ($3 / $15), an upper bound.
        static (long In, long Out) Tokens(JournalContents j, Arm arm) =>
            (j.Records.Where(r => r.Arm == arm).Sum(r => (long)(r.InputTokens ?? 0)), j.Records.Where(r => r.Arm == arm).Sum(r => (long)(r.OutputTokens ?? 0)));
        var (baseIn, baseOut) = Tokens(journal, Arm.Baseline);
        var (candIn, candOut) = Tokens(journal, Arm.Candidate);
        var expectedSpend = (baseIn * 1.50 + baseOut * 7.50 + candIn * 3.00 + candOut * 15.00) / 1_000_000;

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        var root = summary.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("verdict").GetProperty("verdict").GetString(), Is.EqualTo("INCONCLUSIVE"));
            Assert.That(root.GetProperty("verdict").GetProperty("exitCode").GetInt32(), Is.EqualTo(ExitCodes.Inconclusive));
            var gates = root.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("kind").GetString()!, g => g.GetProperty("state").GetString());
            Assert.That((gates["latencyP50Increase"], gates["latencyP99Increase"]), Is.EqualTo(("NOT MEASURED", "NOT MEASURED")));
            Assert.That((gates["complianceFloor"], gates["complianceDrop"]), Is.EqualTo(("INCONCLUSIVE", "INCONCLUSIVE")), "what makes the verdict INCONCLUSIVE");
            var cost = root.GetProperty("cost");
            Assert.That(cost.GetProperty("baseline").GetProperty("modelId").GetString(), Is.EqualTo(BaselineModel));
            Assert.That(cost.GetProperty("baseline").GetProperty("batchInputPerMillionUsd").GetDouble(), Is.EqualTo(1.5));
            Assert.That(cost.GetProperty("runSpendUsd").GetDouble(), Is.EqualTo(expectedSpend).Within(1e-9), "batch prices for the baseline");
            var batch = root.GetProperty("batch");
            Assert.That(batch.GetProperty("location").GetString(), Is.EqualTo("s3://bmh-batch-bucket/runs/"));
            Assert.That(batch.GetProperty("latencyNote").GetString(), Does.Contain("not measured in batch mode"));
            Assert.That(batch.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()), Has.Exactly(2).Items
                .And.Some.Contains("100 of 100 records journaled (96 answered, 4 errors;"));
        });

        var markdown = await File.ReadAllTextAsync(Path.Combine(run, "summary.md"));
        var junit = await File.ReadAllTextAsync(Path.Combine(run, "junit.xml"));
        var html = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("**Batch inference** · s3://bmh-batch-bucket/runs/"));
            Assert.That(markdown, Does.Contain("| p50 latency increase | blocking | n/a | n/a | n/a | n/a | ≤ +20.0% | **NOT MEASURED** |"));
            Assert.That(markdown, Does.Contain("this run cost $" + expectedSpend.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(junit, Does.Contain("NOT MEASURED (blocking): P50 latency increase is not measured in batch mode"));
            Assert.That(junit, Does.Contain("NOT MEASURED (warning): P99 latency increase is not measured in batch mode"));
            Assert.That(html, Does.Contain("Batch inference").And.Contain("not measured in batch mode").And.Not.Contain("chart-latency"));
            foreach (var arn in arns)
            {
                Assert.That(markdown, Does.Contain(arn));
                Assert.That(html, Does.Contain(arn));
            }
        });
    }
}
