using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Compares what the two arms send for each case (<see cref="RunPlan.RequestFor"/>) and states every difference but the
/// model id: system prompt, inference settings, additional fields (leaf by leaf), structured output, tools and tool
/// choice, the last user message (a common prompt suffix is named as one), earlier turns, streaming and InvokeModel
/// bodies. A difference that holds for every case is stated once; the others are counted per field.
/// </summary>
internal static class RequestComparer
{
    /// <summary>How many case ids a per-case difference names.</summary>
    public const int MaxCaseIds = 3;

    /// <summary>How many characters of a text value are shown.</summary>
    public const int MaxValueChars = 80;

    /// <summary>The differences between the arms' requests of every case of <paramref name="suite"/>.</summary>
    public static RequestDifferences Compare(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return Compare([.. suite.Cases.Select(c => (c.Id, RunPlan.RequestFor(suite, c, Arm.Baseline), RunPlan.RequestFor(suite, c, Arm.Candidate)))]);
    }

    /// <summary>The differences between the two requests of each case, aggregated over the cases.</summary>
    public static RequestDifferences Compare(IReadOnlyList<(string CaseId, ModelRequest Baseline, ModelRequest Candidate)> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        // (field, baseline, candidate) → the cases that differ exactly so, in first-seen order.
        var exact = new List<(string Field, string? Baseline, string? Candidate, List<string> CaseIds)>();
        foreach (var (caseId, baseline, candidate) in cases)
        {
            foreach (var (field, b, c) in Differences(baseline, candidate))
            {
                var at = exact.FindIndex(e => e.Field == field && e.Baseline == b && e.Candidate == c);
                if (at < 0)
                {
                    exact.Add((field, b, c, [caseId]));
                }
                else
                {
                    exact[at].CaseIds.Add(caseId);
                }
            }
        }

        var all = exact.Where(e => cases.Count > 0 && e.CaseIds.Count == cases.Count)
            .Select(e => new RequestDifference(e.Field, e.Baseline, e.Candidate, false, e.CaseIds.Count, []))
            .ToImmutableArray();
        var some = exact.Where(e => e.CaseIds.Count < cases.Count)
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .Select(g =>
            {
                var order = cases.Select(c => c.CaseId).ToList();
                var ids = g.SelectMany(e => e.CaseIds).Distinct(StringComparer.Ordinal).OrderBy(order.IndexOf).ToList();
                var first = g.First();
                return new RequestDifference(g.Key, first.Baseline, first.Candidate, g.Count() > 1, ids.Count, [.. ids.Take(MaxCaseIds)]);
            })
            .ToImmutableArray();
        return new RequestDifferences(cases.Count, all, some);
    }

    /// <summary>Every difference between two requests, as (field, baseline value, candidate value); null means not sent.</summary>
    public static IEnumerable<(string Field, string? Baseline, string? Candidate)> Differences(ModelRequest baseline, ModelRequest candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.SystemPrompt != candidate.SystemPrompt)
        {
            yield return ("system", Quote(baseline.SystemPrompt), Quote(candidate.SystemPrompt));
        }

        if (baseline.CacheSystemPrompt != candidate.CacheSystemPrompt)
        {
            yield return ("system cache_point", OnOff(baseline.CacheSystemPrompt), OnOff(candidate.CacheSystemPrompt));
        }

        foreach (var difference in Inference(baseline.Inference, candidate.Inference))
        {
            yield return difference;
        }

        foreach (var difference in AdditionalFields(baseline.AdditionalFieldsJson, candidate.AdditionalFieldsJson))
        {
            yield return difference;
        }

        if ((baseline.StructuredOutput, candidate.StructuredOutput) is var (bs, cs) && bs != cs)
        {
            // On one arm only: said as on/off (the schema is the case's); on both with other schemas: said as such.
            yield return bs is null || cs is null
                ? ("structured_output", StructuredOutput(bs), StructuredOutput(cs))
                : ("structured_output schema", $"{bs.Name} ({Chars(bs.SchemaJson)})", $"{cs.Name} ({Chars(cs.SchemaJson)})");
        }

        foreach (var difference in Tools(baseline.Tools, candidate.Tools))
        {
            yield return difference;
        }

        foreach (var difference in Messages(baseline.Messages, candidate.Messages))
        {
            yield return difference;
        }

        if (baseline.Stream != candidate.Stream)
        {
            yield return ("stream", OnOff(baseline.Stream), OnOff(candidate.Stream));
        }

        if (baseline.Invoke?.Body != candidate.Invoke?.Body)
        {
            yield return ("InvokeModel body", Quote(baseline.Invoke?.Body), Quote(candidate.Invoke?.Body));
        }
    }

    private static IEnumerable<(string, string?, string?)> Inference(InferenceSettings b, InferenceSettings c)
    {
        if (b.MaxTokens != c.MaxTokens)
        {
            yield return ("max_tokens", Number(b.MaxTokens), Number(c.MaxTokens));
        }

        if (b.Temperature != c.Temperature)
        {
            yield return ("temperature", Number(b.Temperature), Number(c.Temperature));
        }

        if (b.TopP != c.TopP)
        {
            yield return ("top_p", Number(b.TopP), Number(c.TopP));
        }

        if (!b.StopSequences.SequenceEqual(c.StopSequences))
        {
            yield return ("stop_sequences", StopSequences(b.StopSequences), StopSequences(c.StopSequences));
        }
    }

    /// <summary>Leaf by leaf (JSON pointers): a leaf only one arm sends is "not sent" on the other.</summary>
    private static IEnumerable<(string, string?, string?)> AdditionalFields(string? baselineJson, string? candidateJson)
    {
        if (baselineJson == candidateJson)
        {
            yield break;
        }

        var b = Leaves(baselineJson);
        var c = Leaves(candidateJson);
        if (b is null || c is null)
        {
            yield return ("additional_fields", Shorten(baselineJson), Shorten(candidateJson));
            yield break;
        }

        foreach (var pointer in b.Keys.Union(c.Keys).Order(StringComparer.Ordinal))
        {
            var inB = b.GetValueOrDefault(pointer);
            var inC = c.GetValueOrDefault(pointer);
            if (inB != inC)
            {
                yield return ("additional_fields" + pointer, inB, inC);
            }
        }
    }

    private static Dictionary<string, string>? Leaves(string? json)
    {
        if (json is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (pointer, value) in JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: true))
            {
                leaves[pointer] = Shorten(value.GetRawText())!;
            }

            return leaves;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StructuredOutput(StructuredOutputRequest? request) => request is null ? null : $"on (schema {request.Name})";

    private static string Chars(string text) => text.Length.ToString(CultureInfo.InvariantCulture) + " characters";

    private static IEnumerable<(string, string?, string?)> Tools(ToolConfiguration? b, ToolConfiguration? c)
    {
        if (Equals(b, c))
        {
            yield break;
        }

        var bNames = b is null ? null : string.Join(", ", b.Tools.Select(t => t.Name));
        var cNames = c is null ? null : string.Join(", ", c.Tools.Select(t => t.Name));
        if (bNames != cNames)
        {
            yield return ("tools", bNames, cNames);
        }
        else if (b is not null && c is not null)
        {
            foreach (var (bt, ct) in b.Tools.Zip(c.Tools).Where(p => p.First != p.Second))
            {
                if (bt.Description != ct.Description)
                {
                    yield return ($"tools/{bt.Name} description", Quote(bt.Description), Quote(ct.Description));
                }

                if (bt.InputSchemaJson != ct.InputSchemaJson)
                {
                    yield return ($"tools/{bt.Name} input_schema", Shorten(bt.InputSchemaJson), Shorten(ct.InputSchemaJson));
                }

                if (bt.Strict != ct.Strict)
                {
                    yield return ($"tools/{bt.Name} strict", OnOff(bt.Strict), OnOff(ct.Strict));
                }
            }
        }

        if (b?.Choice != c?.Choice)
        {
            yield return ("tool_choice", Choice(b?.Choice), Choice(c?.Choice));
        }

        if ((b?.CachePoint ?? false) != (c?.CachePoint ?? false))
        {
            yield return ("tools cache_point", OnOff(b?.CachePoint ?? false), OnOff(c?.CachePoint ?? false));
        }
    }

    private static string? Choice(ToolChoice? choice) => choice switch
    {
        null => null,
        { Kind: ToolChoiceKind.Tool } => "tool " + choice.ToolName,
        _ => choice.Kind == ToolChoiceKind.Any ? "any" : "auto",
    };

    /// <summary>The last user message (a suffix one arm appends is named as such), then the turns before it.</summary>
    private static IEnumerable<(string, string?, string?)> Messages(ImmutableArray<Turn> b, ImmutableArray<Turn> c)
    {
        var bText = Conversation.LastUserText(b);
        var cText = Conversation.LastUserText(c);
        if (bText != cText)
        {
            if (cText.StartsWith(bText, StringComparison.Ordinal))
            {
                yield return ("prompt_suffix", null, Quote(cText[bText.Length..]));
            }
            else if (bText.StartsWith(cText, StringComparison.Ordinal))
            {
                yield return ("prompt_suffix", Quote(bText[cText.Length..]), null);
            }
            else
            {
                yield return ("last user message", Quote(bText), Quote(cText));
            }
        }

        var bEarlier = b.IsDefaultOrEmpty ? [] : b.RemoveAt(b.Length - 1);
        var cEarlier = c.IsDefaultOrEmpty ? [] : c.RemoveAt(c.Length - 1);
        if (!bEarlier.SequenceEqual(cEarlier))
        {
            yield return ("earlier turns", Turns(bEarlier.Length), Turns(cEarlier.Length) + (bEarlier.Length == cEarlier.Length ? ", other content" : ""));
        }
    }

    private static string Turns(int count) => count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " turn" : " turns");

    private static string? StopSequences(ImmutableArray<string> stops) =>
        stops.IsDefaultOrEmpty ? null : "[" + string.Join(", ", stops.Select(s => Quote(s))) + "]";

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A text as a JSON string (so line breaks and quotes show), cut at <see cref="MaxValueChars"/>.</summary>
    private static string? Quote(string? text) =>
        text is null ? null : Shorten(JsonSerializer.Serialize(text, JsonDefaults.Compact));

    private static string? Shorten(string? text) =>
        text is { Length: > MaxValueChars } ? text[..(MaxValueChars - 1)] + "…" : text;
}
