using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Pricing.PriceList;

/// <summary>What <see cref="PriceTableImport.Run"/> wrote.</summary>
/// <param name="Region">The region whose prices were taken.</param>
/// <param name="Imported">Models priced from the Price List (<c>verified: true</c>).</param>
/// <param name="ImportedWithBatchPrices">Of those, how many have batch prices too.</param>
/// <param name="Kept">Entries of the previous table the offer did not price, kept as they were.</param>
/// <param name="KeptUnverified">Of those, how many are <c>verified: false</c>.</param>
/// <param name="Notes">What the import left out, and why.</param>
public sealed record PriceTableImportResult(string Region, int Imported, int ImportedWithBatchPrices, int Kept, int KeptUnverified, ImmutableArray<string> Notes);

/// <summary>
/// <c>bmh prices import</c>: reads a Price List file, imports one region's Bedrock prices and writes them into the price
/// table at the output path, keeping the entries of models the offer does not price as they are (so prices that come
/// from elsewhere stay <c>verified: false</c>). The table is written whole to a temporary file, then moved over the old.
/// </summary>
public static class PriceTableImport
{
    /// <summary>Imports <paramref name="listPath"/> into the table at <paramref name="tablePath"/>.</summary>
    /// <param name="names">Price List model name → Bedrock model id, over the built-in ones.</param>
    /// <exception cref="PriceListFormatException">Bad input: the list, the region, or the existing table; every problem listed.</exception>
    /// <exception cref="IOException">The table could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The table could not be written.</exception>
    public static PriceTableImportResult Run(string listPath, string tablePath, string? region, IReadOnlyDictionary<string, string> names)
    {
        var existing = Existing(tablePath);
        var imported = PriceListImporter.Import(PriceListReader.Read(listPath), region, names);
        var kept = existing.Where(e => !imported.Models.ContainsKey(e.Key)).ToList();
        var text = PriceTableWriter.Write(kept.Concat(imported.Models),
        [
            "Amazon Bedrock on-demand (and, where the offer has them, batch) prices, US dollars per million tokens (docs/lifecycle-and-cost.md).",
            $"Written by `bmh prices import` from AWS's Price List ({Path.GetFileName(listPath)}, region {imported.Region}).",
            "verified: true  = taken from AWS's Price List; as_of is the offer's publication date.",
            "verified: false = kept from the previous table, not from AWS's Price List: check it before budgeting on it.",
        ]);
        Directory.CreateDirectory(Path.GetDirectoryName(tablePath)!);
        var temporary = tablePath + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, tablePath, overwrite: true);
        return new PriceTableImportResult(imported.Region, imported.Models.Count, imported.Models.Values.Count(p => p.HasBatchPrices), kept.Count, kept.Count(e => !e.Value.Verified), imported.Notes);
    }

    private static ImmutableSortedDictionary<string, ModelPrice> Existing(string path)
    {
        if (!File.Exists(path))
        {
            return ImmutableSortedDictionary<string, ModelPrice>.Empty;
        }

        var problems = new ProblemCollector();
        var table = PriceTableReader.Read(path, problems);
        return table is not null && !problems.HasProblems
            ? table.Models
            : throw new PriceListFormatException([.. problems.Sorted().Select(p => p.ToString()),
                $"{DisplayPath.For(path)}: the price table already there has problems; fix them or choose another --out"]);
    }
}
