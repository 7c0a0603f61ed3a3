using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// Ctrl+C during a batch run (docs/batch.md, "Resume and Ctrl+C"): at a terminal the run asks whether to stop the jobs it
/// left running; yes stops each (StopModelInvocationJob), no (or nobody to ask) leaves them running and prints the AWS CLI
/// command to stop each and the resume command. The cancellation is the command's token, as Ctrl+C cancels it.
/// </summary>
[TestFixture]
public sealed class BatchInterruptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [TestCase(true)]
    [TestCase(false)]
    public async Task Interrupt_WhileJobsRun_StopsThemOnlyWhenTheAnswerIsYes(bool answer)
    {
        using var dir = new TempDirectory();
        var example = ExampleCopy.WithInstantLatency("prompts/examples/support-tickets/suite.yaml", dir.File("example"));
        var profile = Path.Combine(example, "profile.yaml");
        // The jobs stay Submitted long enough for the interrupt to come while the run polls them.
        File.AppendAllText(profile, "\nbatch:\n  submitted_seconds: 60\n");
        var run = dir.File("run");
        var journalPath = Path.Combine(run, JournalWriter.FileName);
        var question = new ScriptedAnswer(answer);
        var cli = new CliHarness(dir.Path) { Question = question };
        using var interrupt = new CancellationTokenSource();

        var running = cli.RunAsync(interrupt.Token, "run", Path.Combine(example, "suite.yaml"), "--emulator", profile,
            "--batch", "s3://bmh-batch-bucket/runs/", "--role-arn", "arn:aws:iam::123456789012:role/BedrockBatchInference", "--out", run);
        var deadline = DateTime.UtcNow + Bound;
        while (JobArns(journalPath) < 2 && !running.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(running.IsCompleted, Is.False, "the run ended before it could be interrupted: " + cli.Out + cli.Error);
        await interrupt.CancelAsync();
        var code = await running;

        var arns = JournalReader.Read(journalPath).BatchJobs.Select(j => j.JobArn!).Distinct().ToList();
        var stopped = Directory.GetFiles(Path.Combine(run, "emulator-s3", ".bmh-batch-jobs"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(job => job.TryGetProperty("stopTime", out var at) && at.ValueKind != JsonValueKind.Null)
            .Select(job => job.GetProperty("jobArn").GetString())
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
            Assert.That(question.Asked, Is.EqualTo(["Stop the 2 batch jobs this run left running (and billing)?"]));
            Assert.That(arns, Has.Count.EqualTo(2));
            if (answer)
            {
                Assert.That(stopped, Is.EquivalentTo(arns), "yes: both jobs stopped");
                Assert.That(cli.Error, Does.Contain("Stopping " + arns[0]).And.Contain("--resume"));
                Assert.That(cli.Error, Does.Not.Contain("aws bedrock stop-model-invocation-job"));
            }
            else
            {
                Assert.That(stopped, Is.Empty, "no: the jobs keep running");
                Assert.That(cli.Error, Does.Contain("2 batch jobs may still be running (and billing)")
                    .And.Contain("aws bedrock stop-model-invocation-job --job-identifier " + arns[1]));
            }
        }
    }

    private static int JobArns(string path)
    {
        try
        {
            return File.Exists(path) ? JournalReader.Read(path).BatchJobs.Count(j => j.JobArn is not null) : 0;
        }
        catch (JournalFormatException)
        {
            return 0;
        }
    }

    /// <summary>Answers every question the same way and keeps what was asked.</summary>
    private sealed class ScriptedAnswer(bool answer) : IYesNoQuestion
    {
        public List<string> Asked { get; } = [];

        public Task<bool> AskAsync(string question, TimeSpan timeout)
        {
            lock (Asked)
            {
                Asked.Add(question);
            }

            return Task.FromResult(answer);
        }
    }
}
