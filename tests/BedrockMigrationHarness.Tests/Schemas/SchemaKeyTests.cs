using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Emulator.Profiles;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Schemas;

/// <summary>
/// The keys of the editor schemas against the loaders' own key lists (the <c>*Keys</c> fields each binder checks unknown
/// keys with, read by reflection) and against the docs: adding a key to a loader without the schema, or to the schema
/// without the docs, fails here.
/// </summary>
[TestFixture]
public sealed class SchemaKeyTests
{
    /// <summary>Each key list of the suite loader and the schema object (a JSON pointer into the schema) that lists the same keys.</summary>
    private static readonly (Type Binder, string Field, string Pointer)[] SuiteKeyLists =
    [
        (typeof(SuiteOptionsBinder), "TopKeys", ""),
        (typeof(SuiteOptionsBinder), "ArmKeys", "/$defs/arm/anyOf/1"),
        (typeof(SuiteOptionsBinder), "SystemKeys", "/$defs/system/anyOf/1"),
        (typeof(SuiteOptionsBinder), "ExpectToolKeys", "/$defs/case/properties/expect_tool"),
        (typeof(SuiteOptionsBinder), "InferenceKeys", "/$defs/inference"),
        (typeof(SuiteOptionsBinder), "InvokeKeys", "/$defs/invoke"),
        (typeof(SuiteOptionsBinder), "CaseKeys", "/$defs/case"),
        (typeof(SuiteOptionsBinder), "ExpectKeys", "/$defs/expectation"),
        (typeof(SuiteOptionsBinder), "RetryKeys", "/properties/retry"),
        (typeof(AdaptiveBinder), "Keys", "/$defs/adaptive"),
        (typeof(BatchBinder), "Keys", "/$defs/batch"),
        (typeof(GateBinder), "Keys", "/$defs/gates"),
        (typeof(JudgeBinder), "Keys", "/$defs/judge"),
        (typeof(JudgeBinder), "CaseKeys", "/$defs/rubric"),
        (typeof(ReferenceBinder), "ReferenceKeys", "/$defs/reference/anyOf/1"),
        (typeof(ReferenceBinder), "ToolCallKeys", "/$defs/reference/anyOf/1/properties/tool_calls/items"),
        (typeof(ReferenceBinder), "ProductionKeys", "/$defs/reference/anyOf/1/properties/production"),
        (typeof(ConversationBinder), "TurnKeys", "/$defs/turn"),
        (typeof(ConversationBinder), "BlockKeys", "/$defs/block"),
        (typeof(ConversationBinder), "ToolUseKeys", "/$defs/block/properties/tool_use"),
        (typeof(ConversationBinder), "ToolResultKeys", "/$defs/block/properties/tool_result"),
        (typeof(ToolBinder), "ToolKeys", "/$defs/tool"),
    ];

    /// <summary>Each key list of the emulator profile reader and the schema object that lists the same keys.</summary>
    private static readonly (Type Binder, string Field, string Pointer)[] ProfileKeyLists =
    [
        (typeof(ProfileYamlReader), "TopKeys", ""),
        (typeof(ProfileYamlReader), "ModelKeys", "/$defs/model"),
        (typeof(ProfileYamlReader), "LatencyKeys", "/$defs/latency"),
        (typeof(ProfileYamlReader), "TokenKeys", "/$defs/outputTokens"),
        (typeof(ProfileYamlReader), "FaultKeys", "/$defs/faults"),
        (typeof(ProfileYamlReader), "ErrorKeys", "/$defs/errors"),
        (typeof(ProfileYamlReader), "BurstKeys", "/$defs/model/properties/throttle_bursts"),
        (typeof(ProfileYamlReader), "RuleKeys", "/$defs/rule"),
        (typeof(ProfileYamlReader), "JudgeKeys", "/$defs/judge"),
        (typeof(ProfileYamlReader), "CapabilityKeys", "/$defs/model/properties/capabilities"),
        (typeof(ProfileYamlReader), "ParameterRuleKeys", "/$defs/parameterRule"),
        (typeof(ProfileYamlReader), "ToolFaultKeys", "/$defs/toolFaults"),
        (typeof(ProfileYamlReader), "ToolCallKeys", "/$defs/rule/properties/tool_call"),
        (typeof(ProfileYamlReader), "WrongAnswerKeys", "/$defs/wrongAnswers/items"),
        (typeof(ProfileYamlReader), "BatchKeys", "/$defs/batch"),
    ];

    public static IEnumerable<TestCaseData> KeyLists() =>
        SuiteKeyLists.Select(k => new TestCaseData(k.Binder, k.Field, k.Pointer, true).SetArgDisplayNames($"{k.Binder.Name}.{k.Field}"))
            .Concat(ProfileKeyLists.Select(k => new TestCaseData(k.Binder, k.Field, k.Pointer, false).SetArgDisplayNames($"{k.Binder.Name}.{k.Field}")));

    [TestCaseSource(nameof(KeyLists))]
    public void LoaderKeyList_MatchesSchemaProperties(Type binder, string field, string pointer, bool suite)
    {
        var schema = suite ? EditorSchema.Suite : EditorSchema.Profile;
        var loaderKeys = Keys(binder, field);
        var schemaKeys = PropertyNames(schema.Json, pointer);

        Assert.That(schemaKeys, Is.EquivalentTo(loaderKeys),
            $"{binder.Name}.{field} and {Path.GetFileName(schema.Path)}#{pointer} must list the same keys");
    }

    [Test]
    public void EveryLoaderKeyList_IsComparedWithTheSchema()
    {
        var mapped = SuiteKeyLists.Concat(ProfileKeyLists).Select(k => $"{k.Binder.Name}.{k.Field}").ToHashSet(StringComparer.Ordinal);
        var binders = typeof(SuiteLoader).Assembly.GetTypes().Where(t => t.Namespace == typeof(SuiteLoader).Namespace).Append(typeof(ProfileYamlReader));
        var lists = from type in binders
                    from f in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                    where f.Name.EndsWith("Keys", StringComparison.Ordinal) && typeof(IEnumerable<string>).IsAssignableFrom(f.FieldType)
                    select $"{type.Name}.{f.Name}";

        // A new list of keys a loader accepts must be mapped above to the schema object that describes them. A case
        // file's keys are compared through CaseKeys, which is them and table.
        Assert.That(mapped.Append("SuiteOptionsBinder.CaseFileKeys"), Is.SupersetOf(lists));
    }

    [Test]
    public void GateThresholdKeys_MatchSchemaGates()
    {
        var formats = (System.Collections.IEnumerable)typeof(GateBinder).GetField("Formats", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

        Assert.Multiple(() =>
        {
            foreach (var format in formats)
            {
                var key = (string)format.GetType().GetProperty("Key")!.GetValue(format)!;
                var threshold = (string?)format.GetType().GetProperty("ThresholdKey")!.GetValue(format);
                string[] expected = threshold is null ? ["severity"] : [threshold, "severity"];
                Assert.That(PropertyNames(EditorSchema.Suite.Json, $"/$defs/gates/properties/{key}"), Is.EquivalentTo(expected), key);
            }
        });
    }

    [Test]
    public void SuiteSchemaKeys_AreInSuiteFormatDoc() =>
        AssertDocumented(EditorSchema.Suite, Path.Combine(RepoPaths.Root, "docs", "suite-format.md"));

    [Test]
    public void ProfileSchemaKeys_AreInEmulatorDoc() =>
        AssertDocumented(EditorSchema.Profile, Path.Combine(RepoPaths.Root, "docs", "emulator.md"));

    private static void AssertDocumented(EditorSchema schema, string page)
    {
        var text = File.ReadAllText(page);
        var missing = AllPropertyNames(schema.Json)
            .Where(name => !text.Contains($"`{name}", StringComparison.Ordinal) && !Regex.IsMatch(text, $@"(?<![A-Za-z0-9_]){Regex.Escape(name)}:"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(missing, Is.Empty, $"keys of {Path.GetFileName(schema.Path)} that {Path.GetFileName(page)} never names (as `key` or key:)");
    }

    private static IEnumerable<string> Keys(Type binder, string field) =>
        (IEnumerable<string>)(binder.GetField(field, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(null)
            ?? throw new InvalidOperationException($"{binder.Name} has no static field {field}"));

    /// <summary>The property names of the schema object at <paramref name="pointer"/>, following a local <c>$ref</c>.</summary>
    private static IEnumerable<string> PropertyNames(JsonObject root, string pointer)
    {
        var node = Resolve(root, pointer);
        while (node["properties"] is null && node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = Resolve(root, reference.TrimStart('#'));
        }

        return node["properties"]?.AsObject().Select(p => p.Key) ?? throw new InvalidOperationException($"{pointer} has no properties");
    }

    private static JsonObject Resolve(JsonObject root, string pointer)
    {
        JsonNode node = root;
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = (node is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] : node[token])
                ?? throw new InvalidOperationException($"the schema has nothing at {pointer}");
        }

        return node.AsObject();
    }

    /// <summary>Every key a schema describes: the names under every <c>properties</c> in it.</summary>
    private static IEnumerable<string> AllPropertyNames(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["properties"] is JsonObject properties ? properties.Select(p => p.Key) : [])
            .Concat(obj.SelectMany(p => AllPropertyNames(p.Value))).Distinct(StringComparer.Ordinal),
        JsonArray array => array.SelectMany(AllPropertyNames).Distinct(StringComparer.Ordinal),
        _ => [],
    };
}
