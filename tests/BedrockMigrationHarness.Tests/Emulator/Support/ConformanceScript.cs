using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Runs a conformance script (<c>SCRIPT ENDPOINT MODE KEY SECRET</c>) with python3 and boto3 and reads its one-JSON-object-per-line report.</summary>
internal static class ConformanceScript
{
    /// <summary>The script's cases by name; fails the test, saying what to install, when python3 or boto3 is missing.</summary>
    public static async Task<Dictionary<string, JsonObject>> RunAsync(string script, Uri endpoint, string mode, string accessKey, string secret)
    {
        var probe = await ExternalProcess.RunAsync("python3", ["-c", "import boto3, botocore"]);
        if (probe is null)
        {
            Assert.Fail("python3 is not installed; the emulator fidelity tests need python3 with boto3 (pip install boto3).");
        }

        if (probe!.ExitCode != 0)
        {
            Assert.Fail($"python3 cannot import boto3; install it (pip install boto3) to run the emulator fidelity tests.\n{probe.StandardError}");
        }

        var result = await ExternalProcess.RunAsync("python3", [script, endpoint.ToString().TrimEnd('/'), mode, accessKey, secret], ExternalProcess.IsolatedAwsEnvironment());
        Assert.That(result!.ExitCode, Is.Zero, $"{script} failed:\n{result.StandardError}\n{result.StandardOutput}");
        var cases = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToDictionary(o => o["case"]!.GetValue<string>(), StringComparer.Ordinal);
        TestContext.Out.WriteLine(result.StandardOutput);
        return cases;
    }
}
