using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Journal.Format;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// SHA-256 over a journal header as written (its DTO, serialized by the journal's own context), its own checksum left
/// out. The header holds what a run is judged by (the suite with its gates, the prices, the lifecycle), and reports are
/// rebuilt from it: an edit to line 1 (say, a gate loosened so INCONCLUSIVE reads GO) is caught on read instead of
/// silently used. It detects edits, not a forger who recomputes it.
/// </summary>
internal static class HeaderChecksum
{
    public static string Of(HeaderDto header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var json = JsonSerializer.SerializeToUtf8Bytes(header with { Checksum = null }, JournalJsonContext.Journal.HeaderDto);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
