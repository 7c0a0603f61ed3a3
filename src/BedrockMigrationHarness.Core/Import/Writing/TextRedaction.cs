using System.Collections.Immutable;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>What the suite writer does to every imported text: nothing, or <c>--redact</c>'s <see cref="Redactor"/>.</summary>
internal interface ITextRedaction
{
    /// <summary>True when texts are redacted (the report and the suite's header say which).</summary>
    bool Enabled { get; }

    /// <summary>Replacements made so far, by kind.</summary>
    ImmutableSortedDictionary<string, int> Counts { get; }

    string Text(string text);

    /// <summary>A JSON text with every string redacted; still valid JSON.</summary>
    string Json(string json);
}

/// <summary>Texts as they were logged.</summary>
internal sealed class NoRedaction : ITextRedaction
{
    public static readonly NoRedaction Instance = new();

    public bool Enabled => false;

    public ImmutableSortedDictionary<string, int> Counts => ImmutableSortedDictionary<string, int>.Empty;

    public string Text(string text) => text;

    public string Json(string json) => json;
}

/// <summary>One <see cref="Redactor"/> for a whole import, so a value gets the same placeholder in every case.</summary>
internal sealed class RedactorRedaction(Redactor redactor) : ITextRedaction
{
    public bool Enabled => true;

    public ImmutableSortedDictionary<string, int> Counts => redactor.Counts;

    public string Text(string text) => redactor.Redact(text);

    public string Json(string json) => redactor.RedactJson(json);
}
