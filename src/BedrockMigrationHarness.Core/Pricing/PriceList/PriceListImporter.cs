using System.Collections.Immutable;
using System.Globalization;

namespace BedrockMigrationHarness.Pricing.PriceList;

/// <summary>What an import produced: the AWS-sourced prices by Bedrock model id, and notes on what it left out and why.</summary>
/// <param name="Region">The region whose prices were taken.</param>
/// <param name="Models">Bedrock model id → price, every one <c>verified: true</c> with the offer as its source.</param>
/// <param name="Notes">One sentence per model or price left out, and why; nothing is guessed.</param>
internal sealed record PriceListImport(string Region, ImmutableSortedDictionary<string, ModelPrice> Models, ImmutableArray<string> Notes);

/// <summary>
/// Turns the Bedrock price dimensions of a Price List file into the price table's entries: per model of one region, the
/// on-demand input and output token prices, and the prompt-cache read and write and the batch input and output prices
/// where the offer has them, normalised to US dollars per million tokens. The kind of each price comes from its usage
/// type's suffix, as AWS names them (<c>USE1-NovaMicro-input-tokens</c>, <c>…-output-tokens</c>,
/// <c>…-cache-read-input-token-count</c>, <c>…-cache-write-input-token-count</c>, <c>…-input-tokens-batch</c>,
/// <c>…-output-tokens-batch</c>); priority, flex, cross-region and custom-model usage types are other prices and are not
/// used. The offer has no extended-access usage type, so every model gets the default extended-access multiplier. A model is written only with both an
/// input and an output price, under the Bedrock model id its Price List <c>model</c> name maps to
/// (<see cref="PriceListModelNames"/> or the caller's names).
/// </summary>
internal static class PriceListImporter
{
    private enum Kind
    {
        Input,
        Output,
        CacheRead,
        CacheWrite,
        BatchInput,
        BatchOutput,
        Other,
    }

    /// <summary>Imports the prices of <paramref name="region"/> (or of the file's one region when null).</summary>
    /// <param name="names">Price List model name → Bedrock model id, over the built-in names.</param>
    /// <exception cref="PriceListFormatException">No region given for a file of several, the region is not in the file, or a price contradicts another.</exception>
    public static PriceListImport Import(PriceListOffer offer, string? region, IReadOnlyDictionary<string, string> names)
    {
        var regions = offer.Prices.Select(p => p.RegionCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var chosen = region ?? (regions.Count == 1 ? regions[0] : null);
        if (chosen is null)
        {
            throw new PriceListFormatException([regions.Count == 0
                ? $"{offer.File}: holds no Bedrock model price (no product with a `model` attribute and on-demand terms); is it the AmazonBedrock offer?"
                : $"{offer.File}: holds prices of {regions.Count} regions ({string.Join(", ", regions)}); choose one with --region"]);
        }

        if (!regions.Contains(chosen, StringComparer.Ordinal))
        {
            throw new PriceListFormatException([$"{offer.File}: has no Bedrock model price for region {chosen}" +
                                                (regions.Count > 0 ? $"; it has {string.Join(", ", regions)}" : "")]);
        }

        var notes = new List<string>();
        var problems = new List<string>();
        var models = ImmutableSortedDictionary.CreateBuilder<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var group in offer.Prices.Where(p => p.RegionCode == chosen).GroupBy(p => p.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byKind = new Dictionary<Kind, (double PerMillion, PriceListPrice From)>();
            foreach (var price in group)
            {
                var kind = KindOf(price.UsageType);
                if (kind is Kind.Other)
                {
                    continue;
                }

                if (PerMillion(price) is not { } perMillion)
                {
                    notes.Add($"{group.Key}: {price.UsageType} is priced per `{price.Unit}`, not per 1K or 1M tokens; left out");
                    continue;
                }

                if (byKind.TryGetValue(kind, out var seen) && seen.PerMillion != perMillion)
                {
                    problems.Add($"{offer.File} ({price.Field}): {group.Key} has two {Describe(kind)} prices in {chosen}: " +
                                 $"{Usd(seen.PerMillion)} ({seen.From.UsageType}) and {Usd(perMillion)} ({price.UsageType}) per million tokens");
                    continue;
                }

                byKind[kind] = (perMillion, price);
            }

            if (byKind.ContainsKey(Kind.BatchInput) != byKind.ContainsKey(Kind.BatchOutput))
            {
                notes.Add($"{group.Key}: only a batch {(byKind.ContainsKey(Kind.BatchInput) ? "input" : "output")} token price in {chosen}; " +
                          "batch prices are written as a pair, so it is left out");
                byKind.Remove(Kind.BatchInput);
                byKind.Remove(Kind.BatchOutput);
            }

            if (!byKind.ContainsKey(Kind.Input) || !byKind.ContainsKey(Kind.Output))
            {
                var has = byKind.Keys.Order().Select(Describe).ToList();
                notes.Add($"{group.Key}: no {(byKind.ContainsKey(Kind.Input) ? "output" : byKind.ContainsKey(Kind.Output) ? "input" : "input or output")} " +
                          $"token price in {chosen}{(has.Count > 0 ? $" (only {string.Join(", ", has)})" : "")}; not written");
                continue;
            }

            if (!names.TryGetValue(group.Key, out var modelId) && !PriceListModelNames.Known.TryGetValue(group.Key, out modelId))
            {
                notes.Add($"{group.Key}: no Bedrock model id is known for this Price List model; not written " +
                          $"(name it with --map \"{group.Key}=MODEL_ID\")");
                continue;
            }

            var used = byKind.Values.Select(v => v.From).ToList();
            var newest = used.MaxBy(p => p.PublicationDate)!;
            models[modelId] = new ModelPrice(
                byKind[Kind.Input].PerMillion,
                byKind[Kind.Output].PerMillion,
                byKind.TryGetValue(Kind.CacheRead, out var read) ? read.PerMillion : null,
                byKind.TryGetValue(Kind.CacheWrite, out var write) ? write.PerMillion : null,
                DateOnly.FromDateTime(newest.PublicationDate.UtcDateTime),
                $"AWS Price List, {PriceListReader.BedrockOfferCode} offer version {newest.Version} ({Path.GetFileName(offer.File)}), {chosen}: " +
                string.Join(", ", used.Select(p => p.UsageType).Order(StringComparer.Ordinal)),
                Verified: true,
                PriceTable.DefaultExtendedAccessMultiplier)
            {
                BatchInputPerMillion = byKind.TryGetValue(Kind.BatchInput, out var batchInput) ? batchInput.PerMillion : null,
                BatchOutputPerMillion = byKind.TryGetValue(Kind.BatchOutput, out var batchOutput) ? batchOutput.PerMillion : null,
            };
        }

        return problems.Count > 0
            ? throw new PriceListFormatException([.. problems])
            : new PriceListImport(chosen, models.ToImmutable(), [.. notes]);
    }

    private static Kind KindOf(string usageType) =>
        usageType.EndsWith("-input-tokens", StringComparison.OrdinalIgnoreCase) ? Kind.Input
        : usageType.EndsWith("-output-tokens", StringComparison.OrdinalIgnoreCase) ? Kind.Output
        : usageType.EndsWith("-cache-read-input-token-count", StringComparison.OrdinalIgnoreCase) ? Kind.CacheRead
        : usageType.EndsWith("-cache-write-input-token-count", StringComparison.OrdinalIgnoreCase) ? Kind.CacheWrite
        : usageType.EndsWith("-input-tokens-batch", StringComparison.OrdinalIgnoreCase) ? Kind.BatchInput
        : usageType.EndsWith("-output-tokens-batch", StringComparison.OrdinalIgnoreCase) ? Kind.BatchOutput
        : Kind.Other;

    /// <summary>US dollars per million tokens, or null for a unit that is not 1K or 1M tokens.</summary>
    private static double? PerMillion(PriceListPrice price)
    {
        var perMillion = price.Unit.Trim().ToUpperInvariant() switch
        {
            "1K TOKENS" => price.Usd * 1000,
            "1M TOKENS" => price.Usd,
            _ => (decimal?)null,
        };
        return perMillion is { } value ? (double)value : null;
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Input => "input",
        Kind.Output => "output",
        Kind.CacheRead => "cache read",
        Kind.CacheWrite => "cache write",
        Kind.BatchInput => "batch input",
        _ => "batch output",
    };

    private static string Usd(double perMillion) => "$" + perMillion.ToString("0.######", CultureInfo.InvariantCulture);
}
