using System.CommandLine;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Pricing.PriceList;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh prices import FILE`: the options, bound to <see cref="PricesImportHandler"/>.</summary>
internal static class PricesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The AmazonBedrock bulk offer file (index.json from the Price List Bulk API) or a saved " +
                          "`aws pricing get-products --service-code AmazonBedrock` response.",
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The price table to write. Entries of models the offer does not price are kept as they are (unverified ones stay unverified).",
            DefaultValueFactory = _ => Path.Combine("prompts", "pricing.yaml"),
        };
        var region = new Option<string?>("--region") { Description = "The region whose prices to take (regionCode, e.g. us-east-1). Required when the file has several." };
        var map = new Option<string[]>("--map")
        {
            Description = "NAME=MODEL_ID: the Bedrock model id of a Price List `model` name the import does not know, e.g. --map \"Llama 3.3 70B=meta.llama3-3-70b-instruct-v1:0\". Repeatable.",
            HelpName = "NAME=MODEL_ID",
            AllowMultipleArgumentsPerToken = false,
        };
        var import = new Command("import",
            "Write the price table from AWS's Price List for Amazon Bedrock: per model, the on-demand input and output token prices and the " +
            "prompt-cache read and write prices where the offer has them, in US dollars per million tokens, with the offer's publication date " +
            "as as_of and `verified: true`. Models it cannot map to a Bedrock model id, and prices it leaves out, are listed; nothing is guessed.\n" +
            "Exit codes: 0 written, 2 bad input (not a Bedrock price list, a missing field, a price that is not a number, no region chosen), " +
            "3 the table could not be written.")
        {
            file, output, region, map,
        };
        import.SetAction((parse, _) => new PricesImportHandler(env).ExecuteAsync(
            parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(region), parse.GetValue(map) ?? []));
        return new Command("prices", "Price tables for the cost section of the report (docs/lifecycle-and-cost.md).") { import };
    }
}

/// <summary>
/// Maps the flags to <see cref="PriceTableImport"/> and its outcome to an exit code: bad input exits 2 with every problem on
/// stderr; a table that cannot be written exits 3; the notes of what was left out go to stderr as `note:` lines.
/// </summary>
internal sealed class PricesImportHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(string file, string output, string? region, IReadOnlyList<string> maps)
    {
        var problems = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            var at = map.LastIndexOf('=');
            if (at <= 0 || at == map.Length - 1)
            {
                problems.Add($"--map `{map}`: write NAME=MODEL_ID, e.g. --map \"Llama 3.3 70B=meta.llama3-3-70b-instruct-v1:0\"");
                continue;
            }

            names[map[..at].Trim()] = map[(at + 1)..].Trim();
        }

        if (problems.Count == 0)
        {
            try
            {
                var result = PriceTableImport.Run(env.Resolve(file), env.Resolve(output), region, names);
                foreach (var note in result.Notes)
                {
                    await env.Error.WriteLineAsync($"note: {note}");
                }

                var batch = result.ImportedWithBatchPrices > 0 ? $", {result.ImportedWithBatchPrices} of them with batch prices" : "";
                var kept = result.Kept > 0 ? $", {result.Kept} kept from the previous table ({result.KeptUnverified} of them unverified)." : ".";
                env.Out.MarkupLineInterpolated(
                    $"Wrote {env.Display(env.Resolve(output))}: {result.Imported} models priced from AWS's Price List ({result.Region}){batch}{kept}");
                return ExitCodes.Go;
            }
            catch (PriceListFormatException ex)
            {
                problems.AddRange(ex.Problems);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await env.Error.WriteLineAsync($"{env.Display(env.Resolve(output))}: the price table could not be written: {ex.Message}");
                return ExitCodes.CouldNotComplete;
            }
        }

        foreach (var problem in problems)
        {
            await env.Error.WriteLineAsync(problem);
        }

        return ExitCodes.BadInput;
    }
}
