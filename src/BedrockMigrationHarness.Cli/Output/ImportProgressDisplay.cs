using System.Globalization;
using BedrockMigrationHarness.Import;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// Shows how far an import has read (objects, records, megabytes) on an interactive terminal; nothing when the output
/// is redirected (CI logs get the summary only).
/// </summary>
internal static class ImportProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliEnvironment env, Func<IProgress<LogReadProgress>?, Task<T>> import)
    {
        if (!env.Out.Profile.Capabilities.Interactive)
        {
            return await import(null);
        }

        T result = default!;
        await env.Out.Status().StartAsync("reading logs", async context =>
        {
            result = await import(new StatusProgress(context));
        });
        return result;
    }

    /// <summary>The status line's text.</summary>
    internal static string Describe(LogReadProgress progress) => string.Create(CultureInfo.InvariantCulture,
        $"reading logs: {progress.ObjectsRead:#,0}{(progress.ObjectsTotal is { } total ? $"/{total:#,0}" : "")} objects, " +
        $"{progress.RecordsRead:#,0} records, {progress.BytesRead / 1_000_000.0:0.0} MB");

    private sealed class StatusProgress(StatusContext context) : IProgress<LogReadProgress>
    {
        public void Report(LogReadProgress value) => context.Status(Markup.Escape(Describe(value)));
    }
}
