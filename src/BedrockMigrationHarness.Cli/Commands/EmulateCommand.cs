using System.CommandLine;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Emulator;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh emulate`: serve the Bedrock emulator on 127.0.0.1 until Ctrl+C.</summary>
internal static class EmulateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var port = new Option<int>("--port", "-p") { HelpName = "P", Description = "Port on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var profile = new Option<string?>("--profile")
        {
            HelpName = "PROFILE",
            Description = "Emulator profile (YAML): models, lifecycle, latency, faults. See docs/emulator.md. " +
                          "Default: a built-in profile of current model ids, all ACTIVE, no faults.",
        };
        var requireSigV4 = new Option<string?>("--require-sigv4")
        {
            HelpName = "KEY",
            Description = "Check every request's SigV4 signature against access key id KEY and the secret in " + SecretVariable +
                          "; answer 403 like AWS when it does not match, when x-amz-content-sha256 is not the body's hash, or when " +
                          "the signing time is more than 15 minutes from this machine's clock. KEY:SECRET also works, but the " +
                          "secret then shows in `ps` and shell history.",
        };
        var s3Root = new Option<string?>("--s3-root")
        {
            HelpName = "DIR",
            Description = "Also serve S3 (path-style ListObjectsV2, GetObject, HeadObject, PutObject, DeleteObject) from DIR, an existing " +
                          "folder whose sub-folders are buckets and whose files are objects, for `bmh import s3://...` and boto3. See docs/emulator.md.",
        };
        var command = new Command("emulate", "Serve the Bedrock emulator (runtime and control plane, and S3 with --s3-root) on 127.0.0.1 until Ctrl+C; prints its URL. Exit code 2 for a bad profile or flag, else 0 when stopped.")
        {
            port, profile, requireSigV4, s3Root,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            env, parse.GetValue(port), parse.GetValue(profile), parse.GetValue(requireSigV4), parse.GetValue(s3Root), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment env, int port, string? profilePath, string? requireSigV4, string? s3Root, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await env.Error.WriteLineAsync("--port must be between 0 and 65535.");
            return ExitCodes.BadInput;
        }

        var (key, keyProblem) = RequiredKey(requireSigV4, Environment.GetEnvironmentVariable(SecretVariable));
        if (keyProblem is not null)
        {
            await env.Error.WriteLineAsync(keyProblem);
            return ExitCodes.BadInput;
        }

        EmulatorProfile profile;
        try
        {
            profile = profilePath is null ? EmulatorProfile.Default : EmulatorProfile.Load(env.Resolve(profilePath));
        }
        catch (EmulatorProfileException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }

        var s3Folder = s3Root is null ? null : env.Resolve(s3Root);
        if (s3Folder is not null && !Directory.Exists(s3Folder))
        {
            await env.Error.WriteLineAsync($"--s3-root {s3Root}: no such folder ({s3Folder}); create it, with one sub-folder per bucket.");
            return ExitCodes.BadInput;
        }

        await using var server = await EmulatorServer.StartAsync(
            new EmulatorOptions(profile, port, key, AnsiConsoleWriter.Synchronized(env.Out), S3Root: s3Folder), cancellationToken);
        env.Out.WriteLine($"Bedrock emulator listening on {server.BaseAddress} (HTTP/1.1) and {server.Http2BaseAddress} (HTTP/2, for the JavaScript SDK)");
        if (s3Folder is not null)
        {
            env.Out.WriteLine($"  S3 (path-style) from {s3Folder}: aws s3 ls s3://BUCKET/ --recursive --endpoint-url {server.BaseAddress}");
        }

        env.Out.WriteLine($"  aws bedrock-runtime converse --endpoint-url {server.BaseAddress} --region us-east-1 --model-id MODEL --messages '[{{\"role\":\"user\",\"content\":[{{\"text\":\"Hi\"}}]}}]'");
        env.Out.WriteLine("Press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to stop.
        }

        return ExitCodes.Go;
    }

    /// <summary>The environment variable that holds the secret for <c>--require-sigv4 KEY</c>, so it is not on the command line.</summary>
    public const string SecretVariable = "BMH_EMULATOR_SECRET_ACCESS_KEY";

    /// <summary>The key <c>--require-sigv4</c> names: KEY with the secret from <see cref="SecretVariable"/>, or KEY:SECRET.</summary>
    internal static (SigV4Key? Key, string? Problem) RequiredKey(string? value, string? secretFromEnvironment)
    {
        if (value is null)
        {
            return (null, null);
        }

        if (value.Length == 0 || value.Contains(':', StringComparison.Ordinal))
        {
            try
            {
                return (SigV4Key.Parse(value), null);
            }
            catch (FormatException)
            {
                return (null, $"--require-sigv4 takes KEY (the secret in {SecretVariable}) or KEY:SECRET, e.g. --require-sigv4 AKIDEXAMPLE:wJalrXUtnFEMI");
            }
        }

        return string.IsNullOrEmpty(secretFromEnvironment)
            ? (null, $"--require-sigv4 {value}: set the secret access key in {SecretVariable} (or pass KEY:SECRET, which shows in `ps`).")
            : (new SigV4Key(value, secretFromEnvironment), null);
    }
}
