using System.Globalization;
using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Cli;

/// <summary>
/// What an unexpected exception becomes: one line on stderr and exit 3 (the run could not complete), never a stack
/// trace on the terminal and never exit 1, which CI reads as NO-GO. The trace goes to <see cref="FileName"/> in the
/// run directory, or to a file in the temp directory when there is none or it cannot be written.
/// </summary>
internal static class CrashReport
{
    public const string FileName = "bmh-crash.log";

    public static async Task<int> WriteAsync(CliEnvironment env, string? runDirectory, Exception exception)
    {
        var stamp = env.Time.GetUtcNow();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"bmh crashed at {stamp:yyyy-MM-dd HH:mm:ss} UTC (pid {Environment.ProcessId}, .NET {Environment.Version})\n{exception}\n");
        var tempName = string.Create(CultureInfo.InvariantCulture, $"bmh-crash-{stamp:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}.log");
        var log = TryWrite(runDirectory is null ? null : Path.Combine(runDirectory, FileName), text)
                  ?? TryWrite(Path.Combine(Path.GetTempPath(), tempName), text);
        var message = exception.Message.ReplaceLineEndings(" ");
        await env.Error.WriteLineAsync(
            $"bmh stopped on an unexpected error ({exception.GetType().Name}: {message}). " +
            (log is null ? "The details could not be saved. " : $"Details: {env.Display(log)}. ") +
            "Exit 3: the run could not complete. Please report this with the details file.");
        return ExitCodes.CouldNotComplete;
    }

    private static string? TryWrite(string? path, string text)
    {
        if (path is null || !Directory.Exists(Path.GetDirectoryName(path)))
        {
            return null;
        }

        try
        {
            File.AppendAllText(path, text);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
