using System.Collections.Frozen;
using System.Text.Json;

namespace BedrockMigrationHarness.Journal.Format;

/// <summary>
/// An enum's members by their journal name (the member name in camelCase: <c>BaselineRepeat</c> → <c>baselineRepeat</c>).
/// Built from the enum itself, so a new member is written and read with no change to the format's DTOs.
/// </summary>
internal static class EnumNames<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly string Known = string.Join(", ", Enum.GetValues<T>().Select(v => Names[v]));

    public static string Name(T value) =>
        Names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name} member");

    /// <exception cref="JsonException"><paramref name="name"/> names no member; the message names <paramref name="member"/> and the known names.</exception>
    public static T Parse(string name, string member) =>
        Values.TryGetValue(name, out var value)
            ? value
            : throw new JsonException($"`{member}` is `{name}`, which this bmh does not know; known: {Known}.");
}
