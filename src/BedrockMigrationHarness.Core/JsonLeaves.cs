using System.Globalization;
using System.Text.Json;

namespace BedrockMigrationHarness;

/// <summary>
/// Flattens a JSON value to its leaves, each with its RFC 6901 pointer ("" when the root itself is a leaf): the one
/// flattener behind answer similarity and the report's field-by-field diff. A duplicated member name yields its
/// pointer twice, in document order.
/// </summary>
public static class JsonLeaves
{
    /// <param name="emptyContainersAreLeaves">
    /// true: an empty object or array is a leaf (a diff shows a field that became empty); false: it has no leaf.
    /// </param>
    public static List<(string Pointer, JsonElement Value)> Of(JsonElement root, bool emptyContainersAreLeaves)
    {
        var leaves = new List<(string, JsonElement)>();
        Collect(root, string.Empty, emptyContainersAreLeaves, leaves);
        return leaves;
    }

    private static void Collect(JsonElement element, string pointer, bool emptyContainersAreLeaves, List<(string, JsonElement)> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when !emptyContainersAreLeaves || element.EnumerateObject().Any():
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, pointer + "/" + JsonPointerSyntax.Escape(property.Name), emptyContainersAreLeaves, leaves);
                }

                break;
            case JsonValueKind.Array when !emptyContainersAreLeaves || element.GetArrayLength() > 0:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), emptyContainersAreLeaves, leaves);
                    index++;
                }

                break;
            default:
                leaves.Add((pointer, element));
                break;
        }
    }
}
