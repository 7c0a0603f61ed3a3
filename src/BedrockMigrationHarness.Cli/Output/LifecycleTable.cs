using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Lifecycle;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>The table of `bmh lifecycle`: one row per model, our stage coloured; NOT IN CATALOG for an id the region does not hold.</summary>
internal static class LifecycleTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ModelLifecycleFacts> models, DateTimeOffset now, string region)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Bedrock model lifecycle, {Markup.Escape(region)}, {Markup.Escape(Num.Utc(now))}");
        table.AddColumn("Model");
        table.AddColumn("Bedrock", c => c.NoWrap());
        table.AddColumn("Legacy", c => c.NoWrap());
        table.AddColumn("Extended access", c => c.NoWrap());
        table.AddColumn("End of life", c => c.NoWrap());
        table.AddColumn("Days left", c => c.RightAligned().NoWrap());
        table.AddColumn("Status", c => c.NoWrap());
        foreach (var model in models)
        {
            var stage = LifecycleClassifier.Classify(model, now);
            table.AddRow(
                new Text(model.ModelId),
                new Text(model.Gone ? "(not listed)" : model.BedrockStatus ?? Num.Missing),
                new Text(Date(model.LegacyTime)),
                new Text(Date(model.PublicExtendedAccessTime)),
                new Text(Date(model.EndOfLifeTime)),
                new Text(!model.Gone && LifecycleClassifier.DaysLeft(model, now) is { } days ? Num.Int(days) : "-"),
                model.Gone
                    ? new Markup("[red]NOT IN CATALOG[/]")
                    : new Markup($"[{Colour(stage)}]{LifecycleStageText.Of(stage)}[/]"));
        }

        console.Write(table);
    }

    private static string Date(DateTimeOffset? date) => date is { } d ? Num.Date(d) : "-";

    private static string Colour(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Active => "green",
        LifecycleStage.Legacy => "yellow",
        LifecycleStage.ExtendedAccess => "darkorange",
        LifecycleStage.EndOfLife => "red",
        _ => "grey",
    };
}
