using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Reports.Html.Charts;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Html.Answers;

/// <summary>The per-case answers of report.html: both arms side by side per sample, diffed by word and by JSON field.</summary>
internal static class AnswersBuilder
{
    /// <summary>How many regressed or worse cases start open: the worst ones; a long page of open sections helps nobody.</summary>
    public const int OpenRegressions = 20;

    private const int MaxPromptChars = 2_000;

    public static AnswersView Build(
        ReportData data, ImmutableArray<CaseComparison> orderedCases, IReadOnlyDictionary<string, string> anchors, AnswerSelection selection)
    {
        var finals = data.Attempts
            .Where(a => a.Record.Final && a.Record.Arm is Arm.Baseline or Arm.Candidate)
            .GroupBy(a => a.Record.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var prompts = data.Header.Suite.Cases
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Conversation(g.First().Messages), StringComparer.Ordinal);
        var references = data.Header.Suite.Cases
            .Where(c => c.Reference is not null)
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Reference!, StringComparer.Ordinal);
        var similarities = data.Analysis.Reference?.PerCase.ToDictionary(r => r.CaseId, StringComparer.Ordinal);

        var cases = orderedCases
            .Where(c => selection.CaseIds.Contains(c.CaseId))
            .Select((c, rank) => Case(c, rank < OpenRegressions, anchors[c.CaseId], finals.GetValueOrDefault(c.CaseId) ?? [], prompts.GetValueOrDefault(c.CaseId) ?? "", selection)
                with
                {
                    Reference = references.TryGetValue(c.CaseId, out var reference)
                        ? Reference(reference, similarities?.GetValueOrDefault(c.CaseId), selection.MaxAnswerChars)
                        : null,
                })
            .ToImmutableArray();
        return new AnswersView(selection.Note ?? "", cases);
    }

    private static CaseAnswersView Case(CaseComparison c, bool amongWorst, string anchor, List<CheckedAttempt> attempts, string prompt, AnswerSelection selection)
    {
        var samples = attempts.Select(a => a.Record.Sample).Distinct().Order().ToList();
        var shown = samples.Take(selection.MaxSamplesPerCase).ToList();
        var pairs = shown.Select(s => Pair(
                s,
                attempts.FirstOrDefault(a => a.Record.Sample == s && a.Record.Arm == Arm.Baseline),
                attempts.FirstOrDefault(a => a.Record.Sample == s && a.Record.Arm == Arm.Candidate),
                selection.MaxAnswerChars))
            .ToImmutableArray();
        var answered = samples
            .Select(s => (B: Answered(attempts, s, Arm.Baseline), C: Answered(attempts, s, Arm.Candidate)))
            .Where(p => p.B is not null && p.C is not null)
            .Select(p => (p.B!.Record.ToolCalls, p.C!.Record.ToolCalls))
            .ToList();
        var omitted = samples.Count > shown.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{shown.Count} of {samples.Count} samples shown; the others are in attempts.csv.")
            : "";
        return new CaseAnswersView(
            anchor,
            c.CaseId,
            Open: amongWorst && c.Label != CaseLabel.UnchangedOrBetter,
            Badge: CaseText.Badge(c.Label),
            BadgeClass: CaseText.Class(c.Label),
            Summary: CaseText.Summary(c),
            Prompt: prompt.Length > MaxPromptChars ? prompt[..MaxPromptChars] + " […]" : prompt,
            pairs,
            omitted,
            ToolCallDiff.Agreement(answered),
            Reference: null);
    }

    /// <summary>The reference as text, cut like the answers, labelled with where it comes from and how alike the arms' answers are to it.</summary>
    private static CaseReferenceView Reference(Suites.CaseReference reference, CaseReferenceResult? result, int maxChars)
    {
        var source = reference.Production is { } p
            ? "production answer of " + p.ModelId + (p.Timestamp is { } at ? ", logged " + Num.Utc(at) : "") +
              (p.LatencyMs is { } ms ? ", " + Num.Ms(ms) : "") +
              (p.InputTokens is { } input ? ", " + Num.Int(input) + " input tokens" : "") +
              (p.OutputTokens is { } output ? ", " + Num.Int(output) + " output tokens" : "")
            : "written by hand";
        var label = $"Reference answer ({source})" + (result is null ? "" : "; baseline → candidate against it: " + ReferenceText.Cell(result));
        var (text, note) = Cut(reference.Text, maxChars);
        return new CaseReferenceView(label, text ?? "", note,
            [.. (reference.ToolCalls.IsDefault ? [] : reference.ToolCalls).Select(c => new ToolCallView(c.Name, Cut(c.InputJson, maxChars).Text ?? ""))]);
    }

    /// <summary>
    /// What the case asks: the last user message alone, or with earlier turns every turn on its own line, its role first
    /// and its non-text blocks named ("[tool call lookup_order {…}]", "[image photo.png]").
    /// </summary>
    private static string Conversation(ImmutableArray<Turn> messages) =>
        messages.Length <= 1
            ? Vocabulary.Conversation.LastUserText(messages)
            : string.Join("\n", messages.Select(t => (t.Role == TurnRole.User ? "user: " : "assistant: ") + string.Join(" ", t.Parts.Select(Part))));

    private static string Part(ContentPart part) => part switch
    {
        TextPart text => text.Text,
        ImagePart image => $"[image {image.Path}]",
        DocumentPart document => $"[document {document.Path}]",
        ToolUsePart use => $"[tool call {use.Name} {use.InputJson}]",
        ToolResultPart result => $"[tool result{(result.IsError ? " (error)" : "")} {result.Content}]",
        _ => "[cache point]",
    };

    private static CheckedAttempt? Answered(List<CheckedAttempt> attempts, int sample, Arm arm) =>
        attempts.FirstOrDefault(a => a.Record.Sample == sample && a.Record.Arm == arm && a.Record.Outcome == CallOutcome.Success);

    private static SamplePairView Pair(int sample, CheckedAttempt? baseline, CheckedAttempt? candidate, int maxChars)
    {
        var baselineText = Cut(AnswerText(baseline), maxChars);
        var candidateText = Cut(AnswerText(candidate), maxChars);
        ImmutableArray<DiffSegment> left = [], right = [];
        if (baselineText.Text is { } bt && candidateText.Text is { } ct)
        {
            var diff = WordDiff.Compute(bt, ct);
            (left, right) = (diff.Baseline, diff.Candidate);
        }
        else
        {
            left = Plain(baselineText.Text);
            right = Plain(candidateText.Text);
        }

        ImmutableArray<JsonFieldChange> changes = [];
        var jsonNote = "";
        if (baseline?.Check?.ExtractedJson is { } bj && candidate?.Check?.ExtractedJson is { } cj && JsonFieldDiff.Compute(bj, cj) is { } found)
        {
            changes = found;
            jsonNote = found.IsEmpty
                ? "The JSON values are identical, field by field."
                : string.Create(CultureInfo.InvariantCulture, $"{found.Length} JSON {(found.Length == 1 ? "field differs" : "fields differ")}:");
        }

        var (toolNote, toolChanges) = baseline is { Record.Outcome: CallOutcome.Success } && candidate is { Record.Outcome: CallOutcome.Success }
            ? ToolCallDiff.Compare(baseline.Record.ToolCalls, candidate.Record.ToolCalls)
            : ("", []);
        return new SamplePairView(
            "Sample " + Num.Int(sample + 1),
            Answer(baseline, left, baselineText.Note, maxChars),
            Answer(candidate, right, candidateText.Note, maxChars),
            changes,
            jsonNote,
            toolNote,
            toolChanges);
    }

    private static string? AnswerText(CheckedAttempt? attempt) =>
        attempt is { Record.Outcome: CallOutcome.Success } ? attempt.Record.Text ?? "" : null;

    private static (string? Text, string Note) Cut(string? text, int maxChars) =>
        text is not null && text.Length > maxChars
            ? (text[..maxChars], string.Create(CultureInfo.InvariantCulture, $"Cut at {maxChars} of {text.Length} characters; the whole answer is in attempts.csv."))
            : (text, "");

    private static ImmutableArray<DiffSegment> Plain(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [new DiffSegment("eq", text)];

    private static AnswerView Answer(CheckedAttempt? attempt, ImmutableArray<DiffSegment> segments, string truncated, int maxChars)
    {
        if (attempt is null)
        {
            return new AnswerView("missing", "none", "No finished attempt in the journal.", "", [], [], "", [], "", "");
        }

        var r = attempt.Record;
        var meta = new List<string> { Num.Ms(r.ClientLatencyMs) };
        if (r.TimeToFirstTokenMs is { } ttft)
        {
            meta.Add("first token " + Num.Ms(ttft));
        }

        if (r.OutputTokens is { } tokens)
        {
            meta.Add(Num.Int(tokens) + " output tokens");
        }

        if (!string.IsNullOrEmpty(r.StopReason))
        {
            meta.Add("stop: " + r.StopReason);
        }

        if (r.Try > 1)
        {
            meta.Add(Num.Int(r.Try) + " tries");
        }

        if (r.Outcome != CallOutcome.Success)
        {
            var error = $"{Names.Camel(r.Outcome)}{(r.HttpStatus is { } s ? " (HTTP " + Num.Int(s) + ")" : "")}: {r.ErrorMessage ?? r.ErrorType ?? "no message"}";
            return new AnswerView("error", "fail", string.Join(" · ", meta), error, [], [], "", [], "", "");
        }

        var check = attempt.Check;
        var problems = check is null
            ? ImmutableArray<string>.Empty
            : [
                .. check.Deviations.Select(d => "format: " + ChartSet.Label(d)),
                .. check.SchemaErrors.Select(e => "schema: " + e),
                .. check.ExpectationFailures.Select(e => "expectation: " + e),
            ];
        var passed = check?.Passed ?? true;
        var (reasoning, reasoningNote) = Cut(r.ReasoningText, maxChars);
        return new AnswerView(passed ? "passes checks" : "fails checks", passed ? "pass" : "fail", string.Join(" · ", meta), "", segments, problems, truncated,
            [.. (r.ToolCalls.IsDefault ? [] : r.ToolCalls).Select(c => new ToolCallView(c.Name, Cut(c.InputJson, maxChars).Text ?? ""))],
            reasoning ?? "",
            r.ReasoningText is { } all
                ? $"Reasoning ({Num.Count(all.Length)} characters{(reasoningNote.Length > 0 ? ", cut at " + Num.Count(maxChars) : "")}), apart from the answer; Bedrock bills it as output tokens"
                : "");
    }
}
