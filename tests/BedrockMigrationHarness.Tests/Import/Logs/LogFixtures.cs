using System.IO.Compression;
using System.Text;
using BedrockMigrationHarness.Import;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>The invocation-log fixtures (see Fixtures/InvocationLogs/README.md for where each shape comes from) and helpers.</summary>
internal static class LogFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "InvocationLogs");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The fixture's line <paramref name="line"/> (1-based).</summary>
    public static string Line(string name, int line) => System.IO.File.ReadAllLines(File(name))[line - 1];

    public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static readonly LogReadOptions AllDates = new(null, null);

    public static async Task<List<LogEntry>> ReadAsync(
        IReadOnlyList<string> sources, ILogObjectStore? store = null, LogReadOptions? options = null, IProgress<LogReadProgress>? progress = null,
        InvocationLogReader? reader = null)
    {
        var entries = new List<LogEntry>();
        await foreach (var entry in (reader ?? new InvocationLogReader(store)).ReadAsync(sources, options ?? AllDates, progress, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Reads one text as a log file and returns its entries.</summary>
    public static async Task<List<LogEntry>> ReadTextAsync(string text, string name = "log.jsonl", ILogObjectStore? store = null, LogReadOptions? options = null)
    {
        using var temp = new Support.TempDirectory();
        var path = temp.File(name);
        await System.IO.File.WriteAllTextAsync(path, text);
        return await ReadAsync([path], store, options);
    }

    public static LoggedInvocation Kept(LogEntry entry) =>
        entry is LogEntry.Kept kept ? kept.Invocation : throw new AssertionException($"expected a kept record, got {entry}");

    public static DroppedRecord Dropped(LogEntry entry) =>
        entry is LogEntry.Dropped dropped ? dropped.Record : throw new AssertionException($"expected a dropped record, got {entry}");
}
