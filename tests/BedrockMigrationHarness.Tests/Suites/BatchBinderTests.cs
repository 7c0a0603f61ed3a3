using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Run;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Suites;

[TestFixture]
public sealed class BatchBinderTests
{
    [Test]
    public void Load_BatchBlock_BindsEveryKeyOverTheDefaults()
    {
        using var dir = new TempDirectory();
        var path = MigrationRunBuilderTests.WriteSuite(dir, extra:
            "batch:\n  s3: s3://my-bucket/bmh\n  role_arn: arn:aws:iam::123456789012:role/Batch\n  min_records: 10\n  max_records: 20000\n  max_input_mb: 500\n  timeout_hours: 48\n  poll_seconds: 30\n");

        var batch = SuiteLoader.Load(path).Batch!;

        Assert.That(batch, Is.EqualTo(new BatchSettings("my-bucket", "bmh/", "arn:aws:iam::123456789012:role/Batch", 10, 20000, 500_000_000, 48, TimeSpan.FromSeconds(30))));
    }

    [Test]
    public void Load_NoBatchBlock_IsOnDemand()
    {
        using var dir = new TempDirectory();

        Assert.That(SuiteLoader.Load(MigrationRunBuilderTests.WriteSuite(dir)).Batch, Is.Null);
    }

    [TestCase("batch: { role_arn: arn:aws:iam::123456789012:role/B }\n", "batch.s3", "`s3` is required")]
    [TestCase("batch: { s3: s3://b/p/ }\n", "batch.role_arn", "`role_arn` is required")]
    [TestCase("batch: { s3: s3://Bad_Bucket/p/, role_arn: arn:aws:iam::123456789012:role/B }\n", "batch.s3", "is not an S3 bucket name")]
    [TestCase("batch: { s3: s3://bucket/p/, role_arn: arn:aws:iam::123456789012:role/B, timeout_hours: 12 }\n", "batch.timeout_hours", "from 24 to 168")]
    [TestCase("batch: { s3: s3://bucket/p/, role_arn: arn:aws:iam::123456789012:role/B, min_records: 500, max_records: 100 }\n", "batch.max_records", "below min_records")]
    [TestCase("batch: { s3: s3://bucket/p/, role_arn: arn:aws:iam::123456789012:role/B, poll_second: 5 }\n", "batch", "poll_second")]
    [TestCase("batch: s3://bucket/p/\n", "batch", "must be a mapping")]
    public void Load_BadBatchBlock_NamesTheFieldAndTheLine(string block, string field, string expected)
    {
        using var dir = new TempDirectory();
        var path = MigrationRunBuilderTests.WriteSuite(dir, extra: block);

        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(path))!;

        Assert.That(ex.Problems, Has.Some.Matches<SuiteProblem>(p => p.Field != null && p.Field.StartsWith(field, StringComparison.Ordinal) && p.Line == 6 && p.Message.Contains(expected, StringComparison.Ordinal)),
            ex.Message);
    }
}
