using BedrockMigrationHarness.Cli;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli.Output;

/// <summary>The progress lines of a run whose output is redirected (CI logs).</summary>
[TestFixture]
public sealed class RunProgressDisplayTests
{
    private static AttemptRecord Final(CallOutcome outcome) =>
        new("c", Arm.JudgeCandidateSecond, 0, 1, true, "j", DateTimeOffset.UnixEpoch, outcome, 1, null, null, null, null, null, null, null, null, null);

    private static async Task<string> LinesAsync(string? phase, int total, int alreadySettled, params CallOutcome[] settled)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var env = new CliEnvironment(console, TextWriter.Null, TimeProvider.System, Path.GetTempPath());
        await RunProgressDisplay.RunAsync(env, phase, total, alreadySettled, progress =>
        {
            foreach (var outcome in settled)
            {
                progress.Settled(Final(outcome));
            }

            return Task.FromResult(0);
        });
        return output.ToString().ReplaceLineEndings("\n");
    }

    [Test]
    public async Task RunAsync_JudgePhaseRedirected_PrintsItsOwnLinesNamedJudge()
    {
        var text = await LinesAsync("judge", 4, 2, CallOutcome.Success, CallOutcome.ServerError);

        Assert.That(text, Is.EqualTo(
            "resuming: 2 of 4 already in the journal\n" +
            "judge  70%  3/4 settled, 0 errors, 0 retries\n" +
            "judge 100%  4/4 settled, 1 errors, 0 retries\n"));
    }

    [Test]
    public async Task RunAsync_ModelCalls_LinesAsBefore()
    {
        var text = await LinesAsync(null, 2, 0, CallOutcome.Success, CallOutcome.Success);

        Assert.That(text, Is.EqualTo(" 50%  1/2 settled, 0 errors, 0 retries\n100%  2/2 settled, 0 errors, 0 retries\n"));
    }
}
