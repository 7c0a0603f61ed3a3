using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Xml;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.JUnit;

/// <summary>
/// Writes <c>junit.xml</c> in the Ant/Jenkins JUnit shape that GitHub, GitLab and Jenkins all read:
/// a <c>gates</c> suite (one test case per gate) and a <c>cases</c> suite (one per prompt case).
/// A failed blocking gate is a <c>failure</c>; a failed warning gate and an inconclusive gate are
/// <c>skipped</c> with the reason as message: CI tools show skipped tests in their own colour without
/// failing the build, and the exit code (not this file) is what gates a pipeline. With several candidates, each
/// candidate has its own three suites, named after it ("candidate 2 (model) gates"). See docs/reports.md.
/// </summary>
internal sealed class JUnitXmlWriter : IReportWriter
{
    public string FileName => "junit.xml";

    public void Write(RunComparison run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        // One set of suites per candidate; with several, each suite's name and classname carry the candidate.
        var sets = run.Candidates.Select((data, k) => Suites(data, run.Several ? $"{ComparisonText.Label(k)} ({data.Analysis.Candidate.ModelId}) " : "")).ToList();
        var info = run.Candidates[0].Analysis.Run;

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        Attribute(xml, "name", $"{RunText.ToolName}: {info.SuiteName}");
        // The Ant/Jenkins schema has no skipped count on <testsuites>; each <testsuite> carries its own.
        // The run's wall time, not the sum of the calls' (which overlap under concurrency); the sum when the run has no end.
        double? wall = info.EndedAt is { } ended ? Math.Max(0, (ended - info.StartedAt).TotalSeconds) : null;
        WriteCounts(xml, [.. sets.SelectMany(set => set.SelectMany(suite => suite.Tests))], withSkipped: false, wall);
        var id = 0;
        foreach (var set in sets)
        {
            foreach (var suite in set)
            {
                WriteSuite(xml, suite.Name, id++, suite.Data.Analysis.Run, suite.Data.Analysis, suite.Tests, suite.Timed ? wall : null);
            }
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
    }

    /// <summary>The suites of one candidate's comparison: its gates, its cases and (when there are any) its compatibility findings.</summary>
    private static List<SuiteOfTests> Suites(ReportData data, string prefix)
    {
        var analysis = data.Analysis;
        var caseTimes = CaseSeconds(data);
        var cases = analysis.Cases
            .OrderBy(c => c.CaseId, StringComparer.Ordinal)
            .Select(c => CaseCase(c, caseTimes.GetValueOrDefault(c.CaseId)))
            .ToImmutableArray();
        var findings = analysis.Compatibility.Select(FindingCase).ToImmutableArray();
        var suites = new List<SuiteOfTests>
        {
            new(prefix + "gates", data, [.. analysis.Gates.Select(GateCase)], false),
            new(prefix + "cases", data, cases, true),
        };
        if (!findings.IsEmpty)
        {
            suites.Add(new SuiteOfTests(prefix + "compatibility", data, findings, false));
        }

        return suites;
    }

    /// <summary>One <c>testsuite</c> element's content; <paramref name="Timed"/>: its time is the run's wall time.</summary>
    private sealed record SuiteOfTests(string Name, ReportData Data, ImmutableArray<TestCase> Tests, bool Timed);

    private static void WriteSuite(XmlWriter xml, string name, int id, RunInfo run, RunAnalysis analysis, ImmutableArray<TestCase> tests, double? seconds = null)
    {
        xml.WriteStartElement("testsuite");
        Attribute(xml, "name", name);
        WriteCounts(xml, tests, withSkipped: true, seconds);
        Attribute(xml, "id", Num.Int(id));
        Attribute(xml, "package", run.SuiteName);
        Attribute(xml, "hostname", "localhost");
        Attribute(xml, "timestamp", run.StartedAt.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "verdict", VerdictText.Of(analysis.Verdict.Verdict));
        WriteProperty(xml, "baseline", run.BaselineModelId);
        WriteProperty(xml, "candidate", run.CandidateModelId);
        WriteProperty(xml, "status", RunText.Status(run));
        if (run.Shard is not null)
        {
            // The prompt-case tests are the shard's cases; this says which shard, and of how many cases.
            WriteProperty(xml, "shard", RunText.Size(analysis));
        }

        WriteProperty(xml, "answers", RunText.Qualities(analysis));
        if (analysis.Judge is { } judge)
        {
            WriteProperty(xml, "judge", JudgeText.Line(judge));
        }

        if (analysis.Adaptive is { } adaptive)
        {
            WriteProperty(xml, "adaptive", AdaptiveText.Summary(adaptive));
            WriteProperty(xml, "adaptiveStopReason", adaptive.StopReason);
        }

        WriteProperty(xml, "fingerprint", run.Fingerprint);
        xml.WriteEndElement();

        foreach (var test in tests)
        {
            xml.WriteStartElement("testcase");
            Attribute(xml, "name", test.Name);
            Attribute(xml, "classname", $"{run.SuiteName}.{name}");
            Attribute(xml, "time", Num.Seconds(test.Seconds));
            if (test.Failure is { } failure)
            {
                xml.WriteStartElement("failure");
                Attribute(xml, "message", failure);
                Attribute(xml, "type", test.Type);
                xml.WriteString(XmlText.Clean(test.Detail));
                xml.WriteEndElement();
            }
            else if (test.Skipped is { } skipped)
            {
                xml.WriteStartElement("skipped");
                Attribute(xml, "message", skipped);
                xml.WriteEndElement();
            }

            else if (test.Detail.Length > 0)
            {
                // A passing test says what was measured, so the numbers are in the CI view either way.
                xml.WriteElementString("system-out", XmlText.Clean(test.Detail));
            }

            xml.WriteEndElement();
        }

        xml.WriteElementString("system-out", "");
        xml.WriteElementString("system-err", "");
        xml.WriteEndElement();
    }

    /// <param name="seconds">The element's time; null: the sum of its tests' times.</param>
    private static void WriteCounts(XmlWriter xml, ImmutableArray<TestCase> tests, bool withSkipped, double? seconds = null)
    {
        Attribute(xml, "tests", Num.Int(tests.Length));
        Attribute(xml, "failures", Num.Int(tests.Count(t => t.Failure is not null)));
        Attribute(xml, "errors", "0");
        if (withSkipped)
        {
            Attribute(xml, "skipped", Num.Int(tests.Count(t => t.Skipped is not null)));
        }

        Attribute(xml, "time", Num.Seconds(seconds ?? tests.Sum(t => t.Seconds)));
    }

    private static void Attribute(XmlWriter xml, string name, string value) =>
        xml.WriteAttributeString(name, XmlText.Clean(value));

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        Attribute(xml, "name", name);
        Attribute(xml, "value", value);
        xml.WriteEndElement();
    }

    private static TestCase GateCase(GateResult gate)
    {
        var numbers = $"baseline {GateFormat.Baseline(gate)}, candidate {GateFormat.Candidate(gate)}, " +
                      $"delta {GateFormat.Delta(gate)} {GateFormat.Interval(gate)}, allowed {GateFormat.Margin(gate.Spec)}";
        var detail = $"{gate.Explanation} ({numbers})";
        var severity = GateFormat.Severity(gate.Spec.Severity);
        return gate.State switch
        {
            GateState.Fail when gate.Spec.Severity == GateSeverity.Blocking =>
                new TestCase(gate.Name, 0, $"FAIL ({severity}): {detail}", null, "gate.blocking", detail),
            GateState.Fail =>
                new TestCase(gate.Name, 0, null, $"WARNING (non-blocking FAIL): {detail}", "gate.warning", detail),
            GateState.NotMeasured =>
                new TestCase(gate.Name, 0, null, $"NOT MEASURED ({severity}): {gate.Explanation}", "gate.not-measured", gate.Explanation),
            GateState.Inconclusive =>
                new TestCase(gate.Name, 0, null, $"INCONCLUSIVE ({severity}): {detail}" + SamplesNeeded(gate), "gate.inconclusive", detail),
            _ => new TestCase(gate.Name, 0, null, null, "gate", detail),
        };
    }

    private static string SamplesNeeded(GateResult gate) =>
        gate.SamplesNeeded is { } n ? $"; about {Num.Int(n)} samples per case would decide it" : "";

    /// <summary>A regressed case fails; a worse one is reported like a warning gate (skipped, with its counts); the others pass with theirs.</summary>
    private static TestCase CaseCase(CaseComparison c, double seconds) => c.Label switch
    {
        CaseLabel.Regressed => new TestCase(c.CaseId, seconds, "REGRESSED: " + CaseText.Summary(c), null, "case.regressed", string.Join("\n", c.Regressions)),
        CaseLabel.Worse => new TestCase(c.CaseId, seconds, null, "WORSE: " + CaseText.Summary(c), "case.worse", CaseText.Counts(c)),
        _ => new TestCase(c.CaseId, seconds, null, null, "case", CaseText.Summary(c)),
    };

    /// <summary>A request-compatibility finding always fails: one arm's model rejects a request the other's accepts.</summary>
    private static TestCase FindingCase(CompatibilityFinding f) =>
        new($"{RequestText.ArmName(f.Arm)} rejects {f.Parameter ?? "the request"}", 0, "REJECTED: " + RequestText.Finding(f), null, "compatibility",
            $"{RequestText.Finding(f)}\nCases: {RequestText.FindingCases(f)}");

    /// <summary>Per case: the client latency of every call, both arms, in seconds.</summary>
    private static Dictionary<string, double> CaseSeconds(ReportData data) =>
        data.Attempts
            .Where(a => a.Record.Arm is Arm.Baseline or Arm.Candidate)
            .GroupBy(a => a.Record.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Record.ClientLatencyMs) / 1000.0, StringComparer.Ordinal);

    /// <param name="Failure">The failure message, when the test failed.</param>
    /// <param name="Skipped">The skip message, when the test is skipped (warning or inconclusive).</param>
    /// <param name="Type">The failure type attribute.</param>
    /// <param name="Detail">The full text: failure body and system-out.</param>
    private sealed record TestCase(string Name, double Seconds, string? Failure, string? Skipped, string Type, string Detail);
}
