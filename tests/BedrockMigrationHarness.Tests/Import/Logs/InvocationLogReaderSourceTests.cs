using System.Text;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Tests.Support;
using static BedrockMigrationHarness.Tests.Import.Logs.LogFixtures;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>
/// Where records come from: files, folders, S3 through a store (an S3 layout generated from the JSON fixtures:
/// <c>AWSLogs/&lt;account&gt;/BedrockModelInvocationLogs/us-east-1/2025/03/11/HH/x.json.gz</c> with <c>data/</c>
/// offloads), gzip by magic bytes, corrupt objects, CloudWatch exports and progress.
/// </summary>
public sealed class InvocationLogReaderSourceTests
{
    private const string Bucket = "example-logs";
    private const string HourPrefix = "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2025/03/11/";

    [Test]
    public async Task ReadAsync_S3Layout_ReadsLogObjectsAndSkipsOffloadsAndPermissionChecks()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        store.Put(Bucket, HourPrefix + "00/20250311T0000Z_a.json.gz", Gzip(Line("converse.jsonl", 1) + "\n" + Line("converse.jsonl", 2) + "\n"));
        store.Put(Bucket, HourPrefix + "01/20250311T0100Z_b.json.gz", Gzip(Line("anthropic.jsonl", 1) + "\n"));
        store.Put(Bucket, HourPrefix + "00/data/x_input.json.gz", Gzip("{\"messages\":[]}"));
        store.Put(Bucket, "AWSLogs/111122223333/BedrockModelInvocationLogs/permission-check.json", "{}"u8.ToArray());
        store.Put(Bucket, HourPrefix + "00/notes.txt", "not a log"u8.ToArray());

        var entries = await ReadAsync([$"s3://{Bucket}/AWSLogs/"], store);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => Kept(e).RequestId), Is.EqualTo(new[]
            {
                "b3a1c2d4-0001-4000-8000-000000000001", "b3a1c2d4-0002-4000-8000-000000000002", "c4b2d3e5-0001-4000-8000-000000000001",
            }));
            Assert.That(Kept(entries[1]).Origin, Is.EqualTo(new LogRecordOrigin($"s3://{Bucket}/{HourPrefix}00/20250311T0000Z_a.json.gz", 2)));
            Assert.That(store.Opened, Has.None.Contain("/data/").And.None.Contain("permission-check"));
        });
    }

    [Test]
    public async Task ReadAsync_HourFolderOutsideTheDates_IsNotRead()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        store.Put(Bucket, HourPrefix + "00/a.json.gz", Gzip(Line("converse.jsonl", 1) + "\n"));
        store.Put(Bucket, HourPrefix + "02/b.json.gz", Gzip(Line("converse.jsonl", 1) + "\n"));
        var options = new LogReadOptions(new DateTimeOffset(2025, 3, 11, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 11, 1, 0, 0, TimeSpan.Zero));

        var entries = await ReadAsync([$"s3://{Bucket}/AWSLogs/"], store, options);

        Assert.Multiple(() =>
        {
            Assert.That(store.Opened, Is.EqualTo(new[] { $"s3://{Bucket}/{HourPrefix}00/a.json.gz" }), "hour 00 overlaps the dates, hour 02 does not");
            Assert.That(entries.Select(e => Kept(e).Timestamp), Is.EqualTo(new[] { new DateTimeOffset(2025, 3, 11, 0, 38, 2, TimeSpan.Zero) }));
        });
    }

    [Test]
    public async Task ReadAsync_OffloadedInputBody_FetchesItAndInlineWinsWhenBothAre()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        var body = """{"messages":[{"role":"user","content":[{"text":"from the offloaded body"}]}]}""";
        var path = store.Put(Bucket, HourPrefix + "00/data/r1_input.json.gz", Gzip(body));
        var offloaded = """{"requestId":"r1","timestamp":"2025-03-11T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyS3Path":"IN"},"output":{"outputBodyS3Path":"OUT"}}"""
            .Replace("IN", path, StringComparison.Ordinal).Replace("OUT", path.Replace("_input", "_output", StringComparison.Ordinal), StringComparison.Ordinal);
        store.Put(Bucket, HourPrefix + "00/data/r1_output.json.gz", Gzip("""{"output":{"message":{"role":"assistant","content":[{"text":"answer from S3"}]}},"stopReason":"end_turn"}"""));
        const string Both = """{"requestId":"r2","timestamp":"2025-03-11T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"inline"}]}]},"inputBodyS3Path":"s3://example-logs/missing.json.gz"},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}}}}""";

        var entries = await ReadTextAsync(offloaded + "\n" + Both, store: store);

        Assert.Multiple(() =>
        {
            Assert.That(Kept(entries[0]).Request.Messages[0].Text, Is.EqualTo("from the offloaded body"));
            Assert.That(Kept(entries[0]).Answer!.Text, Is.EqualTo("answer from S3"));
            Assert.That(Kept(entries[1]).Request.Messages[0].Text, Is.EqualTo("inline"));
            Assert.That(store.Opened, Has.None.Contain("missing"));
        });
    }

    [TestCase(true, "NoSuchKey")]
    [TestCase(false, "no S3 access")]
    public async Task ReadAsync_OffloadedBodyUnreadable_DropsAsOffloadedBodyUnreadable(bool withStore, string detail)
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        const string Line = """{"requestId":"r1","timestamp":"2025-03-11T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyS3Path":"s3://example-logs/data/r1_input.json.gz"},"output":{"outputBodyJson":{}}}""";

        var dropped = Dropped((await ReadTextAsync(Line, store: withStore ? store : null))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.OffloadedBodyUnreadable));
            Assert.That(dropped.Detail, Does.StartWith("input.inputBodyS3Path: ").And.Contain(detail));
        });
    }

    [Test]
    public async Task ReadAsync_Folder_WalksRecursivelyInOrdinalOrderAndSniffsGzip()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("b"));
        Directory.CreateDirectory(temp.File("a/data"));
        await System.IO.File.WriteAllBytesAsync(temp.File("b/2.json"), Gzip(Line("converse.jsonl", 2) + "\n"));
        await System.IO.File.WriteAllTextAsync(temp.File("a/1.gz"), Line("converse.jsonl", 1) + "\n");
        await System.IO.File.WriteAllTextAsync(temp.File("a/data/skip.json"), Line("converse.jsonl", 3));
        await System.IO.File.WriteAllTextAsync(temp.File("a/readme.txt"), "not a log");

        var entries = await ReadAsync([temp.Path]);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => Kept(e).RequestId), Is.EqualTo(new[] { "b3a1c2d4-0001-4000-8000-000000000001", "b3a1c2d4-0002-4000-8000-000000000002" }),
                "a plain text .gz and a gzip .json both read; data/ and .txt skipped");
            Assert.That(Kept(entries[1]).Origin.Source, Is.EqualTo(temp.File("b/2.json")));
        });
    }

    [Test]
    public async Task ReadAsync_TruncatedGzipInTheMiddle_KeepsItsRecordsDropsTheRestOnceAndReadsTheNextObject()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        var records = string.Concat(Enumerable.Range(0, 400).Select(_ => Line("converse.jsonl", 1) + "\n"));
        var whole = Gzip(records);
        store.Put(Bucket, HourPrefix + "00/a.json.gz", whole[..(whole.Length / 2)]);
        store.Put(Bucket, HourPrefix + "00/b.json.gz", Gzip(Line("converse.jsonl", 2) + "\n"));

        var entries = await ReadAsync([$"s3://{Bucket}/AWSLogs/"], store);

        var fromA = entries.Where(e => e is LogEntry.Kept k && k.Invocation.Origin.Source.EndsWith("a.json.gz", StringComparison.Ordinal)).ToList();
        var drops = entries.OfType<LogEntry.Dropped>().Select(d => d.Record).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fromA, Has.Count.GreaterThan(0).And.Count.LessThan(400));
            Assert.That(drops, Has.Count.EqualTo(1));
            Assert.That(drops[0].Reason, Is.EqualTo(DropReason.MalformedRecord));
            Assert.That(drops[0].Origin.Source, Does.EndWith("a.json.gz"));
            Assert.That(drops[0].Detail, Does.Contain("a.json.gz is cut short in line "));
            Assert.That(Kept(entries[^1]).RequestId, Is.EqualTo("b3a1c2d4-0002-4000-8000-000000000002"));
        });
    }

    [Test]
    public async Task ReadAsync_GarbledGzipInTheMiddle_DropsTheRestOnceNamingTheObject()
    {
        using var temp = new TempDirectory();
        var records = string.Concat(Enumerable.Range(0, 2000).Select(i => Line("converse.jsonl", 1).Replace("hello", $"hello {i}", StringComparison.Ordinal) + "\n"));
        var bytes = Gzip(records);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] = 0xFF;
        }

        await System.IO.File.WriteAllBytesAsync(temp.File("a.json.gz"), bytes);
        await System.IO.File.WriteAllTextAsync(temp.File("b.jsonl"), Line("converse.jsonl", 2) + "\n");

        var entries = await ReadAsync([temp.Path]);

        var drops = entries.OfType<LogEntry.Dropped>().Select(d => d.Record).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(drops, Has.Count.EqualTo(1), string.Join("\n", drops.Select(d => d.Origin + " " + d.Detail)));
            Assert.That(drops[0].Detail, Does.Contain("a.json.gz is c"), "corrupt after a line, or cut short in one");
            Assert.That(entries.Count(e => e is LogEntry.Kept), Is.GreaterThan(0).And.LessThan(2001));
            Assert.That(Kept(entries[^1]).RequestId, Is.EqualTo("b3a1c2d4-0002-4000-8000-000000000002"));
        });
    }

    [Test]
    public async Task ReadAsync_CloudWatchExportTaskLines_ReadsTheRecordAfterEachTimestamp()
    {
        // CloudWatch Logs export tasks write gzip objects of lines "<ISO 8601 timestamp> <message>" (000000.gz).
        var text = "2025-03-11T00:38:02.512Z " + Line("converse.jsonl", 1) + "\n2025-03-11T00:40:15.001Z " + Line("converse.jsonl", 2) + "\n";

        using var temp = new TempDirectory();
        await System.IO.File.WriteAllBytesAsync(temp.File("000000.gz"), Gzip(text));
        var entries = await ReadAsync([temp.File("000000.gz")]);

        Assert.That(entries.Select(e => Kept(e).Origin.Line), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task ReadAsync_FilterLogEventsOutput_ReadsEachEventMessage()
    {
        var output = $$"""
            {
                "events": [
                    {
                        "logStreamName": "aws/bedrock/modelinvocations",
                        "timestamp": 1741653482000,
                        "message": {{System.Text.Json.JsonSerializer.Serialize(Line("converse.jsonl", 1))}},
                        "ingestionTime": 1741653483000,
                        "eventId": "38812345678901234567890123456789012345678901234567890123"
                    },
                    {
                        "logStreamName": "aws/bedrock/modelinvocations",
                        "timestamp": 1741653615000,
                        "message": "not json",
                        "ingestionTime": 1741653616000,
                        "eventId": "38812345678901234567890123456789012345678901234567890124"
                    }
                ],
                "searchedLogStreams": []
            }
            """;

        var entries = await ReadTextAsync(output, "events.json");

        Assert.Multiple(() =>
        {
            Assert.That(Kept(entries[0]).Origin.Line, Is.EqualTo(1));
            Assert.That(Dropped(entries[1]).Reason, Is.EqualTo(DropReason.MalformedRecord));
            Assert.That(Dropped(entries[1]).Origin.Line, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ReadAsync_JsonArrayAndPrettyRecord_ReadEachRecord()
    {
        var array = "[\n" + Line("converse.jsonl", 1) + ",\n" + Line("anthropic.jsonl", 1) + "\n]";
        using var document = System.Text.Json.JsonDocument.Parse(Line("converse.jsonl", 2));
        var pretty = System.Text.Json.JsonSerializer.Serialize(document.RootElement, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var fromArray = await ReadTextAsync(array, "records.json");
        var fromPretty = await ReadTextAsync(pretty, "record.json");

        Assert.Multiple(() =>
        {
            Assert.That(fromArray.Select(e => Kept(e).Origin.Line), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(Kept(fromPretty.Single()).RequestId, Is.EqualTo("b3a1c2d4-0002-4000-8000-000000000002"));
        });
    }

    [Test]
    public void ReadAsync_MissingPath_ThrowsImportSourceExceptionNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bmh-no-such-logs");

        var error = Assert.ThrowsAsync<ImportSourceException>(() => ReadAsync([missing]));

        Assert.That(error!.Message, Does.StartWith(missing + ": no such file or folder"));
    }

    [Test]
    public void ReadAsync_Device_IsRefusedBeforeReading()
    {
        var error = Assert.ThrowsAsync<ImportSourceException>(() => ReadAsync(["/dev/zero"]));

        Assert.That(error!.Message, Does.StartWith("/dev/zero is a character device, not a log file"));
    }

    [Test]
    [Platform("Linux")]
    public void ReadAsync_NamedPipe_IsRefusedWithoutOpeningIt()
    {
        using var temp = new TempDirectory();
        var fifo = temp.File("pipe.jsonl");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        // Opening a FIFO with no writer blocks forever: a refusal is the only way this test ends.
        var error = Assert.ThrowsAsync<ImportSourceException>(() => ReadAsync([fifo]));

        Assert.That(error!.Message, Does.Contain("is a named pipe (FIFO), not a log file"));
    }

    [Test]
    [Platform("Linux")]
    public async Task ReadAsync_FolderWithALinkToItsParent_ReadsEachFileOnceAndEnds()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("logs"));
        await System.IO.File.WriteAllTextAsync(temp.File("logs/1.json"), Line("converse.jsonl", 1) + "\n");
        Directory.CreateSymbolicLink(temp.File("logs/up"), temp.Path);

        var entries = await ReadAsync([temp.File("logs")]);

        Assert.That(entries.Select(e => Kept(e).RequestId), Is.EqualTo(new[] { "b3a1c2d4-0001-4000-8000-000000000001" }));
    }

    [Test]
    public void ReadAsync_S3WithoutStore_ThrowsImportSourceException()
    {
        var error = Assert.ThrowsAsync<ImportSourceException>(() => ReadAsync(["s3://bucket/AWSLogs/"]));

        Assert.That(error!.Message, Does.Contain("no S3 access"));
    }

    [Test]
    public void ReadAsync_BucketCannotBeListed_ThrowsImportSourceException()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path) { RefuseListing = true };

        var error = Assert.ThrowsAsync<ImportSourceException>(() => ReadAsync(["s3://bucket/AWSLogs/"], store));

        Assert.That(error!.Message, Is.EqualTo("s3://bucket/AWSLogs/ cannot be listed: Access Denied listing s3://bucket"));
    }

    [Test]
    public async Task ReadAsync_TwoObjects_ReportsProgressAfterEach()
    {
        using var temp = new TempDirectory();
        var first = Gzip(Line("converse.jsonl", 1) + "\n" + Line("converse.jsonl", 2) + "\n");
        await System.IO.File.WriteAllBytesAsync(temp.File("1.json.gz"), first);
        await System.IO.File.WriteAllTextAsync(temp.File("2.jsonl"), Line("converse.jsonl", 3) + "\n");
        var progress = new ListProgress();

        await ReadAsync([temp.Path], progress: progress);

        Assert.That(progress.Reports, Is.EqualTo(new[]
        {
            new LogReadProgress(1, null, first.Length, 2),
            new LogReadProgress(2, null, first.Length + Encoding.UTF8.GetByteCount(Line("converse.jsonl", 3) + "\n"), 3),
        }));
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class ListProgress : IProgress<LogReadProgress>
    {
        public List<LogReadProgress> Reports { get; } = [];

        public void Report(LogReadProgress value) => Reports.Add(value);
    }
}
