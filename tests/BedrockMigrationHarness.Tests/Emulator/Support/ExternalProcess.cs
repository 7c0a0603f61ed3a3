using System.Diagnostics;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Runs a command line tool to completion (bounded by a timeout) and captures its output.</summary>
internal static class ExternalProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>
    /// Environment for AWS tools aimed at a loopback emulator: nothing from the machine's AWS configuration
    /// (profiles, session tokens, endpoint overrides) and no proxy for loopback.
    /// </summary>
    public static Dictionary<string, string?> IsolatedAwsEnvironment() => new(StringComparer.Ordinal)
    {
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = string.Empty,
        ["NO_PROXY"] = "127.0.0.1,localhost",
        ["no_proxy"] = "127.0.0.1,localhost",
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_BEDROCK"] = null,
        ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = null,
        ["AWS_ENDPOINT_URL_S3"] = null,
    };

    /// <summary>Runs <paramref name="fileName"/>; null when it cannot be started (not installed).</summary>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static async Task<Result?> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} did not finish within {timeout ?? TimeSpan.FromSeconds(120)}.");
            }

            return new Result(process.ExitCode, await stdout, await stderr);
        }
    }
}
