using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Reports;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed class ReportSetTests
{
    private string directory = "";

    [SetUp]
    public void SetUp() => directory = Directory.CreateTempSubdirectory("bmh-reports-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public void WriteAll_Default_WritesEveryFile()
    {
        var results = ReportSet.Default.WriteAll(ReportRendering.Single(ReportFixtures.Create()), directory);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.FileName), Is.EqualTo(new[] { "report.html", "attempts.csv", "summary.json", "junit.xml", "summary.md" }));
            Assert.That(results.All(r => r.Succeeded), Is.True);
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(results.Select(r => r.FileName)));
        });
    }

    [Test]
    public void WriteAll_OneWriterThrows_OthersStillWrittenAndFailureReported()
    {
        var set = new ReportSet([new FixedTextWriter("a.txt"), new ThrowingWriter(), new FixedTextWriter("b.txt")]);

        var results = set.WriteAll(ReportRendering.Single(ReportFixtures.Create()), directory);

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Length.EqualTo(3));
            Assert.That(results[0].Succeeded && results[2].Succeeded, Is.True);
            Assert.That(results[1].Succeeded, Is.False);
            Assert.That(results[1].Error, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("boom"));
            Assert.That(results[1].Path, Is.Null);
            Assert.That(File.ReadAllText(Path.Combine(directory, "a.txt")), Is.EqualTo("a.txt"));
            Assert.That(File.ReadAllText(Path.Combine(directory, "b.txt")), Is.EqualTo("b.txt"));
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.txt", "b.txt" }), "no half-written or temporary file is left");
        });
    }

    [Test]
    public void WriteAll_WriterThrows_KeepsThePreviousFile()
    {
        File.WriteAllText(Path.Combine(directory, "broken.txt"), "previous");

        new ReportSet([new ThrowingWriter()]).WriteAll(ReportRendering.Single(ReportFixtures.Create()), directory);

        Assert.That(File.ReadAllText(Path.Combine(directory, "broken.txt")), Is.EqualTo("previous"));
    }

    private sealed class FixedTextWriter(string fileName) : IReportWriter
    {
        public string FileName => fileName;

        public void Write(RunComparison run, Stream output) => output.Write(System.Text.Encoding.UTF8.GetBytes(fileName));
    }

    private sealed class ThrowingWriter : IReportWriter
    {
        public string FileName => "broken.txt";

        public void Write(RunComparison run, Stream output)
        {
            output.WriteByte(1);
            throw new InvalidOperationException("boom");
        }
    }
}
