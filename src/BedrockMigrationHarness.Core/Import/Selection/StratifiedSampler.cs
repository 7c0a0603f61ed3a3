using System.Collections.Immutable;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>A stratum: its rank orders the strata (length buckets by size; others 0, then by label).</summary>
internal readonly record struct StratumKey(int Rank, string Label) : IComparable<StratumKey>
{
    public int CompareTo(StratumKey other) =>
        Rank != other.Rank ? Rank.CompareTo(other.Rank) : string.CompareOrdinal(Label, other.Label);
}

/// <summary>One stratum of a sample: how many records it had and how many were taken.</summary>
internal sealed record StratumSize(string Label, long Available, int Selected);

/// <summary>
/// A seeded, stratified sample of at most <c>capacity</c> records, in memory bounded by the capacity per stratum
/// (never by the size of the log set). Each stratum keeps a uniform reservoir (Algorithm R) of up to
/// <c>capacity</c> records; at the end the capacity is shared among the strata in proportion to their sizes, with at
/// least one record for every non-empty stratum (so rare operations and long prompts stay represented), and each
/// stratum's share is drawn uniformly from its reservoir. One <see cref="Random"/> seeded with the seed draws
/// everything: the same seed over the same records in the same order gives the same sample.
/// </summary>
internal sealed class StratifiedSampler(int capacity, int seed, Func<LoggedInvocation, StratumKey> stratumOf)
{
    private readonly Random _random = new(seed);
    private readonly SortedDictionary<StratumKey, Stratum> _strata = [];

    /// <summary>Offers a record; returns the record the reservoir let go to make room (left out of the sample), if any.</summary>
    public LoggedInvocation? Offer(LoggedInvocation invocation)
    {
        var key = stratumOf(invocation);
        if (!_strata.TryGetValue(key, out var stratum))
        {
            _strata[key] = stratum = new Stratum();
        }

        stratum.Seen++;
        if (stratum.Reservoir.Count < capacity)
        {
            stratum.Reservoir.Add(invocation);
            return null;
        }

        var slot = _random.NextInt64(stratum.Seen);
        if (slot >= capacity)
        {
            return invocation;
        }

        var evicted = stratum.Reservoir[(int)slot];
        stratum.Reservoir[(int)slot] = invocation;
        return evicted;
    }

    /// <summary>The sample, the records left out, and the size of each stratum.</summary>
    public SampleResult Finish()
    {
        var strata = _strata.ToArray();
        var shares = Allocate([.. strata.Select(s => s.Value.Seen)], capacity);
        var selected = ImmutableArray.CreateBuilder<LoggedInvocation>();
        var leftOut = ImmutableArray.CreateBuilder<LoggedInvocation>();
        var sizes = ImmutableArray.CreateBuilder<StratumSize>();
        for (var i = 0; i < strata.Length; i++)
        {
            var reservoir = strata[i].Value.Reservoir;
            // A uniform subset of a uniform reservoir: a partial Fisher–Yates shuffle of its first shares[i] places.
            for (var j = 0; j < shares[i]; j++)
            {
                var k = j + _random.Next(reservoir.Count - j);
                (reservoir[j], reservoir[k]) = (reservoir[k], reservoir[j]);
            }

            selected.AddRange(reservoir.Take(shares[i]));
            leftOut.AddRange(reservoir.Skip(shares[i]));
            sizes.Add(new StratumSize(strata[i].Key.Label, strata[i].Value.Seen, shares[i]));
        }

        return new SampleResult(selected.ToImmutable(), leftOut.ToImmutable(), sizes.ToImmutable());
    }

    /// <summary>
    /// Shares <paramref name="total"/> among strata of the given sizes: all of every stratum when they fit; else one
    /// each (to the first strata when there are more strata than places), and the rest in proportion to the sizes by
    /// largest remainder, never more than a stratum holds.
    /// </summary>
    internal static int[] Allocate(IReadOnlyList<long> sizes, int total)
    {
        var shares = new int[sizes.Count];
        if (sizes.Sum() <= total)
        {
            for (var i = 0; i < sizes.Count; i++)
            {
                shares[i] = (int)sizes[i];
            }

            return shares;
        }

        var left = total;
        for (var i = 0; i < sizes.Count && left > 0; i++)
        {
            if (sizes[i] > 0)
            {
                shares[i] = 1;
                left--;
            }
        }

        double all = sizes.Sum();
        var remainders = new double[sizes.Count];
        var budget = left;
        for (var i = 0; i < sizes.Count; i++)
        {
            var exact = budget * sizes[i] / all;
            var extra = (int)Math.Min(Math.Floor(exact), sizes[i] - shares[i]);
            shares[i] += extra;
            left -= extra;
            remainders[i] = exact - Math.Floor(exact);
        }

        while (left > 0)
        {
            var best = -1;
            for (var i = 0; i < sizes.Count; i++)
            {
                if (shares[i] < sizes[i] && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            shares[best]++;
            remainders[best] = -1;
            left--;
        }

        return shares;
    }

    private sealed class Stratum
    {
        public long Seen { get; set; }

        public List<LoggedInvocation> Reservoir { get; } = [];
    }
}

/// <summary>What a sample took, what it left out, and the strata.</summary>
internal sealed record SampleResult(
    ImmutableArray<LoggedInvocation> Selected,
    ImmutableArray<LoggedInvocation> LeftOut,
    ImmutableArray<StratumSize> Strata);
