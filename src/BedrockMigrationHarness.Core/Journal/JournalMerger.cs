using System.Collections.Immutable;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>One shard's journal, named as the user gave it (its directory).</summary>
public sealed record ShardJournal(string Name, JournalContents Journal);

/// <summary>The shards of a run joined into one journal: the whole plan's header, every record, and how the run ended.</summary>
public sealed record MergedJournal(JournalHeader Header, ImmutableArray<AttemptRecord> Records, JournalEnd End);

/// <summary>Shards that cannot be joined; one line per problem, each naming the shard's directory.</summary>
public sealed class JournalMergeException(ImmutableArray<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public ImmutableArray<string> Problems { get; } = problems;
}

/// <summary>
/// Joins the journals of <c>bmh run --shard i/n</c> jobs into one run (<c>bmh merge</c>). Refuses an adaptive run's journal
/// (never a shard), journals of another suite or plan (fingerprint), a run that is not a shard, shards of different counts, the same shard
/// twice, a missing shard, and planned attempts settled in more than one journal.
/// </summary>
public static class JournalMerger
{
    /// <exception cref="JournalMergeException">Every reason the shards cannot be joined.</exception>
    public static MergedJournal Merge(IReadOnlyList<ShardJournal> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentOutOfRangeException.ThrowIfZero(shards.Count);
        var problems = ImmutableArray.CreateBuilder<string>();
        var first = shards[0];
        var byIndex = new Dictionary<int, ShardJournal>();
        foreach (var shard in shards)
        {
            var header = shard.Journal.Header;
            if (header.Suite.Adaptive is not null)
            {
                problems.Add($"{shard.Name}: an adaptive run (--until-decided, or the suite's adaptive:), which is never sharded (every look needs every case), "
                             + $"so it holds the whole run already and there is nothing to merge; its reports are rebuilt with `bmh report {shard.Name}`.");
            }
            else if (header.Fingerprint != first.Journal.Header.Fingerprint)
            {
                problems.Add($"{shard.Name}: a different suite or plan than {first.Name} (suite '{header.Suite.Name}', fingerprint " +
                             $"{header.Fingerprint[..Math.Min(12, header.Fingerprint.Length)]}; {first.Name}: suite '{first.Journal.Header.Suite.Name}', " +
                             $"fingerprint {first.Journal.Header.Fingerprint[..Math.Min(12, first.Journal.Header.Fingerprint.Length)]}). " +
                             "Merge only shards run from the same suite file with the same flags.");
            }
            else if (header.Shard is not { } spec)
            {
                problems.Add($"{shard.Name}: not a shard (it was run without --shard, so it already holds the whole plan); merge only the directories of `bmh run --shard i/n` jobs.");
            }
            else if (first.Journal.Header.Shard is { } firstSpec && spec.Count != firstSpec.Count)
            {
                problems.Add($"{shard.Name}: shard {spec} does not belong with {first.Name} (shard {firstSpec}); all shards of a run are cut into the same number n.");
            }
            else if (byIndex.TryGetValue(spec.Index, out var twin))
            {
                problems.Add($"{shard.Name}: shard {spec} is given twice (also {twin.Name}); pass each shard's directory once.");
            }
            else
            {
                byIndex[spec.Index] = shard;
            }
        }

        if (problems.Count == 0 && first.Journal.Header.Shard is { } expected)
        {
            for (var index = 1; index <= expected.Count; index++)
            {
                if (!byIndex.ContainsKey(index))
                {
                    problems.Add($"shard {new ShardSpec(index, expected.Count)} is missing; pass the directory of every shard (1/{expected.Count} to {expected.Count}/{expected.Count}).");
                }
            }
        }

        var ordered = byIndex.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        if (problems.Count == 0)
        {
            AddOverlaps(ordered, problems);
        }

        if (problems.Count > 0)
        {
            throw new JournalMergeException(problems.ToImmutable());
        }

        var records = ImmutableArray.CreateBuilder<AttemptRecord>();
        foreach (var shard in ordered)
        {
            records.AddRange(shard.Journal.Records);
        }

        var mergedHeader = first.Journal.Header with
        {
            Shard = null,
            StartedAt = ordered.Min(s => s.Journal.Header.StartedAt),
        };
        return new MergedJournal(mergedHeader, records.ToImmutable(), End(ordered));
    }

    /// <summary>A planned attempt settled in two journals would be counted twice: name both.</summary>
    private static void AddOverlaps(List<ShardJournal> shards, ImmutableArray<string>.Builder problems)
    {
        var owner = new Dictionary<AttemptKey, string>();
        foreach (var shard in shards)
        {
            foreach (var record in shard.Journal.EffectiveRecords().Where(r => r.Final))
            {
                var key = record.Key;
                if (owner.TryGetValue(key, out var other) && other != shard.Name)
                {
                    problems.Add($"{shard.Name}: case `{key.CaseId}` ({key.Arm}, sample {key.Sample}) is also in {other}; the shards overlap and cannot be merged.");
                }

                owner[key] = shard.Name;
            }
        }
    }

    /// <summary>The merged run ended as its worst shard: aborted over interrupted over completed; a shard without an end line was killed.</summary>
    private static JournalEnd End(List<ShardJournal> shards)
    {
        var status = RunStatus.Completed;
        var messages = new List<string>();
        var endedAt = DateTimeOffset.MinValue;
        foreach (var shard in shards)
        {
            var spec = shard.Journal.Header.Shard!;
            var end = shard.Journal.End ?? new JournalEnd(shard.Journal.Header.StartedAt, RunStatus.Interrupted,
                $"it has no end line (the job was killed); continue it with `bmh run SUITE --resume {shard.Name} --shard {spec}`, then merge again.");
            status = Rank(end.Status) > Rank(status) ? end.Status : status;
            endedAt = end.EndedAt > endedAt ? end.EndedAt : endedAt;
            if (end.Status != RunStatus.Completed)
            {
                messages.Add($"shard {spec} ({shard.Name}) {end.Status.ToString().ToLowerInvariant()}: {end.Message}");
            }
        }

        return new JournalEnd(endedAt, status, messages.Count == 0 ? null : string.Join("; ", messages));
    }

    private static int Rank(RunStatus status) => status switch
    {
        RunStatus.Completed => 0,
        RunStatus.Interrupted => 1,
        _ => 2,
    };
}
