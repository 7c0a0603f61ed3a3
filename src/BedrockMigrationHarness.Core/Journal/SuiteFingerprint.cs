using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Journal;

/// <summary>SHA-256 over the frozen suite: two runs with the same fingerprint planned the same calls.</summary>
internal static class SuiteFingerprint
{
    public static string Of(SuiteDefinition suite)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(suite, JsonDefaults.Compact);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
