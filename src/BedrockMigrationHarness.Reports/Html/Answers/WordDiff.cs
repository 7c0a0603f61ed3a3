using System.Collections.Immutable;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace BedrockMigrationHarness.Reports.Html.Answers;

/// <summary>A run of text in a diff: <c>eq</c> (in both), <c>del</c> (baseline only) or <c>ins</c> (candidate only).</summary>
internal sealed record DiffSegment(string Kind, string Text);

/// <summary>The two sides of a word diff: the baseline with its deletions, the candidate with its insertions.</summary>
internal sealed record WordDiffResult(ImmutableArray<DiffSegment> Baseline, ImmutableArray<DiffSegment> Candidate);

/// <summary>A word-level diff of two answers (DiffPlex, word chunker), ready to show side by side.</summary>
internal static class WordDiff
{
    public static WordDiffResult Compute(string baseline, string candidate)
    {
        var diff = Differ.Instance.CreateDiffs(baseline, candidate, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var left = new SegmentList();
        var right = new SegmentList();
        int a = 0, b = 0;
        foreach (var block in diff.DiffBlocks)
        {
            left.Add("eq", diff.PiecesOld, a, block.DeleteStartA - a);
            right.Add("eq", diff.PiecesNew, b, block.InsertStartB - b);
            left.Add("del", diff.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            right.Add("ins", diff.PiecesNew, block.InsertStartB, block.InsertCountB);
            a = block.DeleteStartA + block.DeleteCountA;
            b = block.InsertStartB + block.InsertCountB;
        }

        left.Add("eq", diff.PiecesOld, a, diff.PiecesOld.Count - a);
        right.Add("eq", diff.PiecesNew, b, diff.PiecesNew.Count - b);
        return new WordDiffResult(left.ToImmutable(), right.ToImmutable());
    }

    /// <summary>Collects pieces into segments, merging neighbours of the same kind to keep the HTML small.</summary>
    private sealed class SegmentList
    {
        private readonly ImmutableArray<DiffSegment>.Builder segments = ImmutableArray.CreateBuilder<DiffSegment>();
        private readonly StringBuilder pending = new();
        private string? kind;

        public void Add(string segmentKind, IReadOnlyList<string> pieces, int start, int count)
        {
            if (count <= 0)
            {
                return;
            }

            if (kind != segmentKind)
            {
                Flush();
                kind = segmentKind;
            }

            for (var i = start; i < start + count; i++)
            {
                pending.Append(pieces[i]);
            }
        }

        public ImmutableArray<DiffSegment> ToImmutable()
        {
            Flush();
            return segments.ToImmutable();
        }

        private void Flush()
        {
            if (kind is not null && pending.Length > 0)
            {
                segments.Add(new DiffSegment(kind, pending.ToString()));
            }

            pending.Clear();
        }
    }
}
