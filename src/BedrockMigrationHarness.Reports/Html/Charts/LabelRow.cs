using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>
/// Places labels on one row so that none overlaps another: each as near its anchor as the others leave room for,
/// in the anchors' order, and inside [<c>left</c>, <c>right</c>] when the row is wide enough for all of them.
/// </summary>
internal static class LabelRow
{
    public const double Gap = 8;

    /// <param name="labels">Each label's anchor (where its centre wants to be) and width.</param>
    /// <returns>The centre of each label, in the order given.</returns>
    public static ImmutableArray<double> Place(IReadOnlyList<(double Anchor, double Width)> labels, double left, double right)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => labels[i].Anchor).ThenBy(i => i).ToArray();
        var centres = new double[labels.Count];

        // Left to right: each at its anchor, or just right of the one before it.
        var edge = left - Gap;
        foreach (var i in order)
        {
            var (anchor, width) = labels[i];
            centres[i] = Math.Max(anchor, edge + Gap + (width / 2));
            edge = centres[i] + (width / 2);
        }

        // Right to left: back inside the right end, pushing the ones before it as far as needed.
        edge = right + Gap;
        foreach (var i in order.Reverse())
        {
            var width = labels[i].Width;
            centres[i] = Math.Min(centres[i], edge - Gap - (width / 2));
            edge = centres[i] - (width / 2);
        }

        return [.. centres];
    }
}
