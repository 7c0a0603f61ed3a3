using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Vocabulary;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// The journal: appending 2,000 realistic records through <see cref="JournalWriter"/> (serialisation, channel, file,
/// final fsync) and reading a 2,000-record journal back with <see cref="JournalReader"/>.
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    private string _directory = null!;
    private string _source = null!;
    private JournalContents _contents = null!;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "bmh-journal-bench-" + Guid.NewGuid().ToString("N"));
        JournalGenerator.WriteAsync(20, 50, Path.Combine(_directory, "source")).GetAwaiter().GetResult();
        _source = Path.Combine(_directory, "source", JournalWriter.FileName);
        _contents = JournalReader.Read(_source);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public async Task Append_2000()
    {
        string path = Path.Combine(_directory, $"append-{_run++}.jsonl");
        await using (JournalWriter writer = JournalWriter.Create(path, _contents.Header, TimeProvider.System))
        {
            foreach (AttemptRecord record in _contents.Records)
            {
                writer.Append(record);
            }
        }

        File.Delete(path);
    }

    [Benchmark]
    public int Read_2000() => JournalReader.Read(_source).Records.Length;
}
