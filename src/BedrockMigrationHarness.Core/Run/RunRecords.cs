using System.Collections.Immutable;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// Every record of an adaptive run in journal order, kept in memory (the resumed journal's, then each one appended as it
/// is journaled), so that each look analyses the run so far without reading the journal again. Safe to feed from several
/// threads.
/// </summary>
internal sealed class RunRecords(JournalHeader header, IEnumerable<AttemptRecord> journaled)
{
    private readonly List<AttemptRecord> _records = [.. journaled];
    private readonly Lock _gate = new();

    public void Add(AttemptRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>The journal so far, as <see cref="JournalReader"/> would read it (without an end).</summary>
    public JournalContents Contents(ImmutableArray<LookRecord> looks)
    {
        lock (_gate)
        {
            return new JournalContents(header, [.. _records], null, 0, []) { Looks = looks };
        }
    }
}
