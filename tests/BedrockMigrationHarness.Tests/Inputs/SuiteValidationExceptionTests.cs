using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Tests.Inputs;

internal sealed class SuiteValidationExceptionTests
{
    private static readonly SuiteProblem Flag = new(SuiteProblem.CommandLine, null, "--samples", "must be a whole number from 1 to 10000");
    private static readonly SuiteProblem InSuite = new("suite.yaml", 4, "samples", "samples must be a whole number");

    [Test]
    public void Message_OnlyFlagProblems_IsHeadedByTheCommandLineNotTheSuite()
    {
        Assert.That(new SuiteValidationException([Flag]).Message,
            Does.StartWith("The command line has 1 problem:\n  - command line (--samples): must be"));
    }

    [Test]
    public void Message_SuiteAndFlagProblems_NamesBoth()
    {
        Assert.That(new SuiteValidationException([InSuite, Flag]).Message, Does.StartWith("The suite and the command line have 2 problems:"));
        Assert.That(new SuiteValidationException([InSuite]).Message, Does.StartWith("The suite has 1 problem:"));
    }
}
