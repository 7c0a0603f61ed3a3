using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>The suite key <c>candidates:</c>: what it binds and what it refuses.</summary>
[TestFixture]
public sealed class CandidatesBinderTests
{
    private static string Write(TempDirectory dir, string models, string extra = "")
    {
        var path = dir.File("suite.yaml");
        File.WriteAllText(path, "name: several\nbaseline: acme.base-v1:0\n" + models + extra + "cases:\n  - id: c1\n    prompt: Say 1.\n");
        return path;
    }

    [Test]
    public void Load_CandidatesList_BindsModelIdsAndMappingsInOrder()
    {
        using var dir = new TempDirectory();
        var suite = SuiteLoader.Load(Write(dir,
            "candidates:\n  - acme.next-v2:0\n  - model: acme.small-v1:0\n    prompt_suffix: \" JSON only.\"\n    inference: { max_tokens: 64 }\n  - acme.small-v1:0\n"));

        Assert.That(suite.Candidates.Select(c => c.ModelId), Is.EqualTo(new[] { "acme.next-v2:0", "acme.small-v1:0", "acme.small-v1:0" }));
        Assert.That(suite.CandidateModelId, Is.EqualTo("acme.next-v2:0"));
        Assert.That(suite.OtherCandidates[0].Overrides.PromptSuffix, Is.EqualTo(" JSON only."));
        Assert.That(suite.OtherCandidates[0].Overrides.Inference!.MaxTokens, Is.EqualTo(64));
        Assert.That(suite.OtherCandidates[1].Overrides, Is.EqualTo(ArmOverrides.None));
    }

    [Test]
    public void Load_ListOfOne_IsTheOneCandidateSuite()
    {
        using var dir = new TempDirectory();
        var list = SuiteLoader.Load(Write(dir, "candidates: [acme.next-v2:0]\n"));
        var single = SuiteLoader.Load(Write(dir, "candidate: acme.next-v2:0\n"));

        Assert.That(list.CandidateCount, Is.EqualTo(1));
        Assert.That(SuiteFingerprint.Of(list), Is.EqualTo(SuiteFingerprint.Of(single)));
    }

    [TestCase("candidate: acme.next-v2:0\ncandidates: [acme.small-v1:0]\n", "candidate", 3, "both candidate: and candidates:")]
    [TestCase("candidates: []\n", "candidates", 3, "candidates is empty")]
    [TestCase("candidates: acme.next-v2:0\n", "candidates", 3, "must be a list")]
    [TestCase("candidates: [a.b-v1:0, a.c-v1:0, a.d-v1:0, a.e-v1:0, a.f-v1:0, a.g-v1:0, a.h-v1:0, a.i-v1:0, a.j-v1:0]\n", "candidates", 3, "lists 9 models; at most 8")]
    [TestCase("candidates:\n  - acme.next-v2:0\n  - acme.next-v2:0\n", "candidates[1]", 5, "repeats candidates[0]")]
    [TestCase("candidates:\n  - acme.next-v2:0\n  - { prompt_suffix: x }\n", "candidates[1]", 5, "`model` is required")]
    [TestCase("candidates:\n  - acme.next-v2:0\n  - { model: acme.small-v1:0, temprature: 0 }\n", "candidates[1]", 5, "temprature")]
    [TestCase("candidates:\n  - acme.next-v2:0\n  - bad model id\n", "candidates[1]", 5, "must be a Bedrock model id")]
    [TestCase("candidates: [acme.next-v2:0, acme.judge-v1:0]\njudge: { model: acme.judge-v1:0 }\n", "judge.model", 4, "is the candidate")]
    public void Load_BadCandidates_NamesTheFieldLineAndWhatToDo(string models, string field, int line, string expected)
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(Write(dir, models)))!;

        Assert.That(ex.Problems, Has.Some.Matches<SuiteProblem>(p => p.Field != null && p.Field.StartsWith(field, StringComparison.Ordinal) && p.Line == line
            && p.Message.Contains(expected, StringComparison.Ordinal)), ex.Message);
    }

    [Test]
    public void Load_NeitherCandidateNorCandidates_SaysCandidateIsRequired()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(Write(dir, string.Empty)))!;

        Assert.That(ex.Message, Does.Contain("candidate"));
    }

    [TestCase("--until-decided", "sampling until decided is not supported with several candidates")]
    [TestCase("--batch", "batch inference is not supported with several candidates")]
    public void Build_SeveralCandidatesWithAdaptiveOrBatch_IsRefusedSayingWhatToDo(string flag, string expected)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, "candidates: [acme.next-v2:0, acme.small-v1:0]\n", "samples: 2\n");
        var options = flag == "--batch"
            ? new MigrationRunOptions(path, dir.Path, OutputDirectory: dir.File("out"), Batch: "s3://bucket/runs/", RoleArn: "arn:aws:iam::123456789012:role/Batch")
            : new MigrationRunOptions(path, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true);

        var ex = Assert.Throws<SuiteValidationException>(() => new MigrationRunBuilder(TimeProvider.System).Build(options))!;

        Assert.That(ex.Message, Does.Contain(expected));
    }
}
