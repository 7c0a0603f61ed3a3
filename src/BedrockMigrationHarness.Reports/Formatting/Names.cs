using System.Collections.Immutable;
using System.Text.Json;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>Enum names as every machine-readable report writes them: camelCase, as in the journal.</summary>
public static class Names
{
    public static string Camel<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static ImmutableSortedDictionary<string, int> CamelKeys<TEnum>(IEnumerable<KeyValuePair<TEnum, int>> counts)
        where TEnum : struct, Enum =>
        counts.ToImmutableSortedDictionary(kv => Camel(kv.Key), kv => kv.Value, StringComparer.Ordinal);
}
