using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>Exit paths that are not verdicts: a directory in use, report files that cannot be written, a crash.</summary>
[TestFixture]
public sealed class CrashAndLockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Run_DirectoryInUseByAnotherRun_ExitsTwoNamingTheHolderAndSendsNothing()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 1, samples: 1), EmulatedWorkspace.Profile());
        Directory.CreateDirectory(workspace.Directory.File("out"));
        using var holder = RunDirectoryLock.Acquire(workspace.Directory.File("out"), new FakeTimeProvider(T0), p => p);

        var code = await workspace.RunAsync("--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Error, Does.StartWith($"out is in use by another bmh process (pid {Environment.ProcessId} on"));
        Assert.That(workspace.Emulator.RequestCount, Is.Zero);
    }

    [Test]
    public async Task Report_AReportFileCannotBeWritten_ExitsThreeAndPrintsNoReportLine()
    {
        using var dir = new TempDirectory();
        await WriteJournalAsync(dir.File("out"));
        Directory.CreateDirectory(dir.File("out/report.html")); // a directory in its place: the write fails as on a read-only disk
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("report", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
        Assert.That(cli.Error, Does.Contain("report.html: not written:"));
        Assert.That(cli.Out, Does.Not.Contain("Report:"));
    }

    [Test]
    public async Task Report_TerminalFailsMidway_ExitsThreeWithOneLineAndTheTraceInTheRunDirectory()
    {
        using var dir = new TempDirectory();
        await WriteJournalAsync(dir.File("out"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new BrokenPipeWriter()),
        });
        using var error = new StringWriter();
        var env = new CliEnvironment(console, error, new FakeTimeProvider(T0), dir.Path);

        var code = await BmhCommandLine.InvokeAsync(env, ["report", "out"], new System.CommandLine.InvocationConfiguration { Output = error, Error = error });

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete));
        Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1), error.ToString());
        Assert.That(error.ToString(), Does.StartWith("bmh stopped on an unexpected error (IOException: Broken pipe). Details: out/bmh-crash.log.")
            .And.Not.Contain("   at "));
        Assert.That(File.ReadAllText(dir.File("out/bmh-crash.log")), Does.Contain("System.IO.IOException: Broken pipe").And.Contain("   at "));
    }

    private static async Task WriteJournalAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var suite = SuiteFactory.Create(cases: 2, samples: 2);
        var header = new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), T0, "suite.yaml", suite);
        var journal = JournalWriter.Create(Path.Combine(directory, JournalWriter.FileName), header, new FakeTimeProvider(T0));
        foreach (var attempt in RunPlan.Create(suite).Attempts)
        {
            journal.Append(new AttemptRecord(attempt.Key.CaseId, attempt.Key.Arm, attempt.Key.Sample, 1, true, attempt.Request.ModelId, T0,
                CallOutcome.Success, 100, 90, null, 10, 5, "end_turn", "ok", 200, null, null));
        }

        await journal.CompleteAsync(new JournalEnd(T0, RunStatus.Completed, null));
    }

    /// <summary>Standard output whose reader went away (<c>bmh report | head -1</c>).</summary>
    private sealed class BrokenPipeWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");
    }
}
