using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BedrockMigrationHarness.Journal.Format;

/// <summary>
/// The journal's serializer, generated at build time for the line DTOs (and the plan identity the fingerprint hashes) only: nothing internal is serialized by
/// reflection, so renaming an internal record's property cannot change <c>results.jsonl</c>. Reading is strict:
/// member names are case-sensitive, numbers are not read from strings, a member given twice is refused, and a
/// <c>required</c> member missing (or null where the DTO does not allow it) is an error, not a default.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(JournalLineDto))]
[JsonSerializable(typeof(FormatVersionProbe))]
[JsonSerializable(typeof(PlanIdentityDto))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
    /// <summary>The context the writer and reader use: the options above, and model text kept readable (no \u escapes for
    /// non-ASCII or HTML characters; HTML escaping is the HTML writer's job).</summary>
    public static JournalJsonContext Journal => Relaxed.Context;

    /// <summary>Built on first use, after the generated <see cref="Default"/> (whose options it copies) exists.</summary>
    private static class Relaxed
    {
        public static readonly JournalJsonContext Context = new(new JsonSerializerOptions(Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
