using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Selection;
using static BedrockMigrationHarness.Tests.Import.LoggedInvocations;

namespace BedrockMigrationHarness.Tests.Import.Selection;

[TestFixture]
public sealed class ImportSelectionTests
{
    [Test]
    public void Finish_EveryKindOfRecord_ReadEqualsSelectedPlusDropped()
    {
        var selection = new ImportSelection(Plan(change: o => o with { Sample = 3, Model = Haiku, Operation = "converse" }));
        selection.Add(Dropped(1, DropReason.MalformedRecord));
        selection.Add(Dropped(2, DropReason.UnknownModelFamily));
        for (var n = 3; n <= 12; n++)
        {
            selection.Add(Kept(Create(n)));
        }

        selection.Add(Kept(Create(13, prompt: "Prompt number 3")));
        selection.Add(Kept(Create(14, operation: LoggedOperation.InvokeModel)));
        selection.Add(Kept(Create(15, model: "amazon.nova-lite-v1:0")));
        selection.Add(Kept(Create(16, metadata: new Dictionary<string, string> { ["bmh_suite"] = "x" })));

        var result = selection.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(result.RecordsRead, Is.EqualTo(16));
            Assert.That(result.Selected, Has.Length.EqualTo(3));
            Assert.That(result.RecordsRead, Is.EqualTo(result.Selected.Length + result.DroppedTotal));
            Assert.That(result.Drops.Sum(d => d.Count), Is.EqualTo(result.DroppedTotal));
            Assert.That(result.Drops.ToDictionary(d => d.Reason, d => d.Count), Is.EqualTo(new Dictionary<DropReason, long>
            {
                [DropReason.MalformedRecord] = 1,
                [DropReason.UnknownModelFamily] = 1,
                [DropReason.Duplicate] = 1,
                [DropReason.OtherModel] = 1,
                [DropReason.OtherOperation] = 1,
                [DropReason.ExcludedByMetadata] = 1,
                [DropReason.NotSampled] = 7,
            }));
        });
    }

    [Test]
    public void Add_ModelGivenAsBaseId_MatchesProfilesAndArns()
    {
        var selection = new ImportSelection(Plan(change: o => o with { Model = Haiku }));
        selection.Add(Kept(Create(1, model: "us." + Haiku)));
        selection.Add(Kept(Create(2, model: $"arn:aws:bedrock:us-east-1:111122223333:inference-profile/eu.{Haiku}")));
        selection.Add(Kept(Create(3, model: Haiku)));
        selection.Add(Kept(Create(4, model: "anthropic.claude-3-5-haiku-20241022-v1:0")));

        var result = selection.Finish();

        Assert.That(result.Selected.Select(i => i.Request.Messages[0].Text),
            Is.EqualTo(new[] { "Prompt number 1", "Prompt number 2", "Prompt number 3" }));
    }

    [Test]
    public void Add_HarnessCallByDefault_ExcludedByMetadataNamingTheFlag()
    {
        var selection = new ImportSelection(Plan());
        selection.Add(Kept(Create(1, metadata: new Dictionary<string, string> { ["bmh_suite"] = "support-tickets", ["case_id"] = "c1" })));

        var drop = selection.Finish().Drops.Single();

        Assert.Multiple(() =>
        {
            Assert.That(drop.Reason, Is.EqualTo(DropReason.ExcludedByMetadata));
            Assert.That(drop.Examples.Single().Detail, Does.Contain("bmh_suite=support-tickets").And.Contain("--include-harness-calls"));
        });
    }

    [Test]
    public void Add_IncludeHarnessCalls_KeepsThem()
    {
        var selection = new ImportSelection(Plan(change: o => o with { IncludeHarnessCalls = true }));
        selection.Add(Kept(Create(1, metadata: new Dictionary<string, string> { ["bmh_suite"] = "support-tickets" })));

        Assert.That(selection.Finish().Selected, Has.Length.EqualTo(1));
    }

    [Test]
    public void Add_ExcludeMetadata_ExactValueAndAnyValue()
    {
        var selection = new ImportSelection(Plan(change: o => o with { ExcludeMetadata = ["team=load-test", "synthetic=*"] }));
        selection.Add(Kept(Create(1, metadata: new Dictionary<string, string> { ["team"] = "load-test" })));
        selection.Add(Kept(Create(2, metadata: new Dictionary<string, string> { ["team"] = "support" })));
        selection.Add(Kept(Create(3, metadata: new Dictionary<string, string> { ["synthetic"] = "yes" })));
        selection.Add(Kept(Create(4)));

        var result = selection.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(result.Selected.Select(i => i.Origin.Line), Is.EqualTo(new[] { 2L, 4L }));
            Assert.That(result.Drops.Single().Examples.Select(e => e.Detail), Is.EqualTo(new[]
            {
                "request metadata matches --exclude-metadata team=load-test",
                "request metadata matches --exclude-metadata synthetic=*",
            }));
        });
    }

    [Test]
    public void Finish_RepeatedBodiesAndIds_FirstKeptAndRepeatsCounted()
    {
        var selection = new ImportSelection(Plan());
        selection.Add(Kept(Create(1, prompt: "same")));
        selection.Add(Kept(Create(2, prompt: "same")));
        selection.Add(Kept(Create(3, prompt: "same")));
        selection.Add(Kept(Create(4, prompt: "other", requestId: Create(1).RequestId)));
        selection.Add(Kept(Create(5, prompt: "unique")));

        var result = selection.Finish();
        var first = Create(1).RequestId;

        Assert.Multiple(() =>
        {
            Assert.That(result.Selected.Select(i => i.Origin.Line), Is.EqualTo(new[] { 1L, 5L }));
            Assert.That(result.TimesSeen[first], Is.EqualTo(3));
            Assert.That(result.Repeats.Single(), Is.EqualTo(new RepeatedRequest(first, 3)));
            Assert.That(result.Drops.Single().Examples.Select(e => e.Detail), Is.EqualTo(new[]
            {
                $"same request body as request {first}",
                $"same request body as request {first}",
                $"request id {first} was already read",
            }));
        });
    }

    [Test]
    public void Add_TemperatureOutsideTheSuiteRange_UnreplayableWithTheValue()
    {
        var selection = new ImportSelection(Plan());
        selection.Add(Kept(Create(1, inference: new LoggedInference(512, 1.5, null, null))));

        var drop = selection.Finish().Drops.Single();

        Assert.Multiple(() =>
        {
            Assert.That(drop.Reason, Is.EqualTo(DropReason.UnreplayableConversation));
            Assert.That(drop.Examples.Single().Detail, Is.EqualTo("temperature 1.5 is outside 0 to 1, the range a suite accepts"));
        });
    }

    [Test]
    public void Finish_SeveralModels_CountsByBaseModelMostFirst()
    {
        var selection = new ImportSelection(Plan());
        selection.Add(Kept(Create(1, model: "us." + Haiku)));
        selection.Add(Kept(Create(2, model: Haiku)));
        selection.Add(Kept(Create(3, model: "amazon.nova-lite-v1:0")));

        Assert.That(selection.Finish().CandidatesByBaseModel,
            Is.EqualTo(new[] { new NamedCount(Haiku, 2), new NamedCount("amazon.nova-lite-v1:0", 1) }));
    }

    [Test]
    public void Finish_SelectedOutOfOrder_ChronologicalOrder()
    {
        var selection = new ImportSelection(Plan());
        selection.Add(Kept(Create(9)));
        selection.Add(Kept(Create(2)));
        selection.Add(Kept(Create(5)));

        Assert.That(selection.Finish().Selected.Select(i => i.Origin.Line), Is.EqualTo(new[] { 2L, 5L, 9L }));
    }

    [Test]
    public void Finish_StratifyByLength_LongPromptKept()
    {
        var selection = new ImportSelection(Plan(change: o => o with { Sample = 5, Stratify = "length" }));
        for (var n = 1; n <= 200; n++)
        {
            selection.Add(Kept(Create(n, prompt: n == 77 ? new string('x', 20_000) : $"short {n}")));
        }

        var result = selection.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(result.Selected.Count(i => i.Request.TextLength == 20_000), Is.EqualTo(1));
            Assert.That(result.Strata.Select(s => s.Label), Is.EqualTo(new[] { "<1k chars", "16k-64k chars" }));
        });
    }
}
