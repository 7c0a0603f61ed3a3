using System.Text.Json.Nodes;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>A profile rule plants a one-case correctness regression that a whole `bmh run` records, and nothing else.</summary>
[TestFixture]
[NonParallelizable] // sets AWS_* environment variables for the in-process runs
public sealed class PlantedRegressionRunTests
{
    [Test]
    public async Task Run_PromptRuleWithAnotherEnumValue_ChangesOnlyThatCaseOnTheCandidate()
    {
        // Ticket 3 says "high priority"; the candidate answers another priority for it, always, and stays schema-valid.
        var profile = EmulatedWorkspace.Profile() + """

                rules:
                  - prompt: "Classify ticket 3 "
                    wrong_answers:
                      - { pointer: /priority, another_enum_value: true }
            """;
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 4, samples: 3), profile);

        var code = await workspace.RunAsync("--out", "out");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        var priorities = workspace.Journal("out").Records
            .Where(static r => r.Outcome == CallOutcome.Success)
            .GroupBy(static r => (r.CaseId, r.Arm), static r => JsonNode.Parse(r.Text!)!["priority"]!.GetValue<string>())
            .ToDictionary(static g => g.Key, static g => g.Distinct().Single());
        Assert.Multiple(() =>
        {
            Assert.That(priorities[("ticket-03", Arm.Baseline)], Is.EqualTo("high"));
            Assert.That(priorities[("ticket-03", Arm.Candidate)], Is.EqualTo("low"));
            foreach (var caseId in new[] { "ticket-01", "ticket-02", "ticket-04" })
            {
                Assert.That(priorities[(caseId, Arm.Candidate)], Is.EqualTo(priorities[(caseId, Arm.Baseline)]), caseId);
            }
        });
    }
}
