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
            HelpName = "KEY:SECRET",
            Description = "KEY:SECRET — check every request's SigV4 signature against this key; answer 403 like AWS when it does not match.",
        };
        var command = new Command("emulate", "Serve the Bedrock emulator (runtime and control plane) on 127.0.0.1 until Ctrl+C; prints its URL. Exit code 2 for a bad profile or flag, else 0 when stopped.")
        {
            port, profile, requireSigV4,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(env, parse.GetValue(port), parse.GetValue(profile), parse.GetValue(requireSigV4), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment env, int port, string? profilePath, string? requireSigV4, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await env.Error.WriteLineAsync("--port must be between 0 and 65535.");
            return ExitCodes.BadInput;
        }

        SigV4Key? key = null;
        try
        {
            key = requireSigV4 is null ? null : SigV4Key.Parse(requireSigV4);
        }
        catch (FormatException)
        {
            await env.Error.WriteLineAsync("--require-sigv4 takes KEY:SECRET, e.g. --require-sigv4 AKIDEXAMPLE:wJalrXUtnFEMI");
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

        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions(profile, port, key, AnsiConsoleWriter.Synchronized(env.Out)), cancellationToken);
        env.Out.WriteLine($"Bedrock emulator listening on {server.BaseAddress} (HTTP/1.1) and {server.Http2BaseAddress} (HTTP/2, for the JavaScript SDK)");
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
}
