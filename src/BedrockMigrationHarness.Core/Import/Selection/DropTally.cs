using System.Collections.Immutable;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>Records dropped, counted by reason, with the first few of each kept as examples for the import report.</summary>
internal sealed class DropTally
{
    /// <summary>Examples kept per reason.</summary>
    public const int ExamplesPerReason = 5;

    private readonly Dictionary<DropReason, long> _counts = [];
    private readonly Dictionary<DropReason, List<DroppedRecord>> _examples = [];

    public long Total { get; private set; }

    public void Add(DroppedRecord record)
    {
        _counts[record.Reason] = _counts.GetValueOrDefault(record.Reason) + 1;
        Total++;
        if (!_examples.TryGetValue(record.Reason, out var examples))
        {
            _examples[record.Reason] = examples = [];
        }

        if (examples.Count < ExamplesPerReason)
        {
            examples.Add(record);
        }
    }

    public void Add(LoggedInvocation invocation, DropReason reason, string detail) =>
        Add(new DroppedRecord(invocation.Origin, invocation.RequestId, reason, detail));

    /// <summary>Every reason with at least one drop, in the order of <see cref="DropReason"/>.</summary>
    public ImmutableArray<DropCount> Counts =>
    [
        .. _counts.OrderBy(c => c.Key).Select(c => new DropCount(c.Key, c.Value, [.. _examples[c.Key]])),
    ];
}

/// <summary>How many records were dropped for one reason, and the first few of them.</summary>
internal sealed record DropCount(DropReason Reason, long Count, ImmutableArray<DroppedRecord> Examples);
