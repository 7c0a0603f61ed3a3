using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// Writes a ready-to-run suite folder from the selected records: <c>suite.yaml</c> (literal texts, the logged model as
/// the baseline, the most common inference settings, the case folder), one file per case in <c>cases/</c>
/// (<c>NNNN-&lt;first 8 of the request id&gt;.yaml</c>, in the order given), and the tool schemas and media they use.
/// </summary>
internal sealed class SuiteWriter(ImportPlan plan, ITextRedaction redaction, TimeProvider time)
{
    public const string SuiteFile = "suite.yaml";
    public const string CasesFolder = "cases";

    /// <param name="cases">The records to write, in case order (at least one).</param>
    /// <param name="timesSeen">How often each request's body was logged, by request id.</param>
    public WrittenSuite Write(string directory, IReadOnlyList<LoggedInvocation> cases, IReadOnlyDictionary<string, int> timesSeen)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cases.Count);
        var defaults = SuiteDefaults.Of(cases);
        var files = new SuiteFiles(directory);
        var writer = new CaseWriter(defaults, files, redaction, plan.InferSchemas);
        var width = Math.Max(4, cases.Count.ToString(CultureInfo.InvariantCulture).Length);
        var caseIds = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var notReplayed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var invocation = cases[i];
            var id = CaseId(i + 1, width, invocation.RequestId);
            caseIds[invocation.RequestId] = id;
            foreach (var field in invocation.Request.NotReplayed.IsDefault ? [] : invocation.Request.NotReplayed)
            {
                notReplayed[field] = notReplayed.GetValueOrDefault(field) + 1;
            }

            var yaml = YamlTreeWriter.ToText(writer.Case(id, invocation), CaseWriter.Header(invocation, timesSeen.GetValueOrDefault(invocation.RequestId, 1)));
            files.Write($"{CasesFolder}/{id}.yaml", Encoding.UTF8.GetBytes(yaml));
        }

        files.Write(SuiteFile, Encoding.UTF8.GetBytes(YamlTreeWriter.ToText(Suite(defaults), Header(cases.Count))));
        return new WrittenSuite(defaults.Baseline, plan.Candidate ?? defaults.Baseline, caseIds.ToImmutable(),
            notReplayed.ToImmutableSortedDictionary(StringComparer.Ordinal), files.ToolSchemas, files.MediaFiles);
    }

    /// <summary><c>NNNN-xxxxxxxx</c>: the case's place, then the first 8 letters or digits of its request id.</summary>
    internal static string CaseId(int number, int width, string requestId)
    {
        var tail = new string([.. requestId.Where(char.IsAsciiLetterOrDigit).Take(8)]);
        var place = number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        return tail.Length == 0 ? place : $"{place}-{tail}";
    }

    private IEnumerable<string> Header(int cases)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Imported by `bmh import` on {time.GetUtcNow():yyyy-MM-dd} from Bedrock model-invocation logs: {cases} cases; see import-report.md.");
        yield return redaction.Enabled
            ? "Redacted (--redact): e-mail addresses, phone numbers, card numbers, keys and other secrets are placeholders; images and documents are as logged."
            : "WARNING: production text, not redacted. Suites and reports get shared: import again with --redact before sharing them.";
        yield return "Every text is literal (templates: false). Run it with: bmh run <this folder>/suite.yaml";
    }

    private YamlTree.Map Suite(SuiteDefaults defaults)
    {
        var suite = new YamlTree.Map()
            .Add("name", plan.SuiteName)
            .Add("templates", YamlTree.Plain.Of(false))
            .Add("baseline", defaults.Baseline, BaselineNote(defaults));
        if (plan.Candidate is { } candidate)
        {
            suite.Add("candidate", candidate);
        }
        else
        {
            suite.Add("candidate", defaults.Baseline,
                "The candidate is the baseline until you change it to the model you migrate to (an A/A run is valid: it shows the noise).");
        }

        if ((plan.Region ?? defaults.Region) is { } region)
        {
            suite.Add("region", region);
        }

        suite.Add("samples", YamlTree.Plain.Of(Suites.SuiteOptionsBinder.DefaultSamples));
        if (defaults.Stream)
        {
            suite.Add("stream", YamlTree.Plain.Of(true), "Most production calls were streamed (ConverseStream, InvokeModelWithResponseStream).");
        }

        var inference = new YamlTree.Map();
        if (defaults.MaxTokens is { } maxTokens)
        {
            inference.Add("max_tokens", YamlTree.Plain.Of(maxTokens));
        }

        if (defaults.Temperature is { } temperature)
        {
            inference.Add("temperature", YamlTree.Plain.Of(temperature));
        }

        if (defaults.TopP is { } topP)
        {
            inference.Add("top_p", YamlTree.Plain.Of(topP));
        }

        if (defaults.StopSequences.Length > 0)
        {
            inference.Add("stop_sequences", new YamlTree.Seq([.. defaults.StopSequences.Select(s => new YamlTree.Text(s))]));
        }

        if (inference.Entries.Count > 0)
        {
            suite.Add("inference", inference, "The settings most production calls sent; a case states what it sent differently.");
        }

        return suite.Add("cases", new YamlTree.Seq([new YamlTree.Map().Add("folder", CasesFolder)]));
    }

    private static string BaselineNote(SuiteDefaults defaults) => defaults.LoggedModelIds.Length == 1
        ? "The model production called, as logged."
        : "The model id production called most often; the cases were also logged as " +
          string.Join(", ", defaults.LoggedModelIds.Skip(1).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} ({m.Count})"))) + ".";
}

/// <summary>What <see cref="SuiteWriter"/> wrote.</summary>
/// <param name="CaseIds">The case id of each request written, by request id.</param>
/// <param name="NotReplayed">Request fields the written cases had to leave out, and in how many cases.</param>
internal sealed record WrittenSuite(
    string Baseline,
    string Candidate,
    ImmutableDictionary<string, string> CaseIds,
    ImmutableSortedDictionary<string, int> NotReplayed,
    int ToolSchemas,
    int MediaFiles);
