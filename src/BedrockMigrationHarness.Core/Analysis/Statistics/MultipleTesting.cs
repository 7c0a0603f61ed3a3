namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>Corrections for running one test per case.</summary>
internal static class MultipleTesting
{
    /// <summary>
    /// The Benjamini–Hochberg step-up procedure (Benjamini &amp; Hochberg, JRSS B 57, 1995): which of the
    /// <paramref name="pValues"/> are discoveries when the expected share of false discoveries among them is held at
    /// <paramref name="falseDiscoveryRate"/>. With every null hypothesis true it is the chance of any false flag.
    /// </summary>
    public static bool[] BenjaminiHochberg(IReadOnlyList<double> pValues, double falseDiscoveryRate)
    {
        int m = pValues.Count;
        var order = new int[m];
        for (int i = 0; i < m; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => pValues[x].CompareTo(pValues[y]));
        int largest = -1;
        for (int rank = 0; rank < m; rank++)
        {
            if (pValues[order[rank]] <= falseDiscoveryRate * (rank + 1) / m)
            {
                largest = rank;
            }
        }

        var rejected = new bool[m];
        for (int rank = 0; rank <= largest; rank++)
        {
            rejected[order[rank]] = true;
        }

        return rejected;
    }
}
