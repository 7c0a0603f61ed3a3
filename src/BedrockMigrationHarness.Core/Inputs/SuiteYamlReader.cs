using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Inputs;

/// <summary>What a YAML file holds, for the messages about its shape.</summary>
/// <param name="Noun">What the file is, e.g. "suite".</param>
/// <param name="TopKeys">The top-level keys to start with, e.g. "name:, baseline:, candidate: and cases:".</param>
/// <param name="Doc">The page that documents the format.</param>
public sealed record YamlFileKind(string Noun, string TopKeys, string Doc)
{
    public static YamlFileKind Suite { get; } = new("suite", "name:, baseline:, candidate: and cases:", "docs/suite-format.md");

    /// <summary>A case file of a suite's <c>folder:</c> item: one case.</summary>
    public static YamlFileKind CaseFile { get; } = new("case", "id: and prompt: or messages:", "docs/suite-format.md");
}

/// <summary>
/// Parses a YAML file (a suite, a price table, an emulator profile) into its top-level mapping, reporting malformed
/// YAML with the parser's position. Depth and node count are bounded (<see cref="BoundedYamlParser"/>), so a hostile file fails fast.
/// </summary>
public static partial class SuiteYamlReader
{
    /// <summary>The top-level mapping, or null after reporting why there is none.</summary>
    /// <param name="kind">What the file holds, for the messages; a suite when null.</param>
    public static YamlMappingNode? Read(string text, string file, ProblemCollector problems, YamlFileKind? kind = null)
    {
        kind ??= YamlFileKind.Suite;
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new BoundedYamlParser(new Parser(scanner)));
        }
        catch (YamlLimitException e)
        {
            problems.Add(file, checked((int)e.Start.Line), null, $"the YAML cannot be loaded (column {e.Start.Column}): {e.Reason}");
            return null;
        }
        catch (YamlException e)
        {
            problems.Add(file, checked((int)e.Start.Line), null,
                $"the YAML is malformed at column {e.Start.Column}: {Describe(e)}; check the indentation and quoting around this line");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections; its position is still known.
            var at = scanner.CurrentPosition;
            problems.Add(file, checked((int)at.Line), null,
                $"the YAML is malformed near column {at.Column}; check for an unclosed [ or {{ and the quoting around this line");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(file, null, null, $"the {kind.Noun} file is empty; start with {kind.TopKeys} (see {kind.Doc})");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(file, checked((int)stream.Documents[1].RootNode.Start.Line), null,
                $"the file holds more than one YAML document (a `---` separator); keep one {kind.Noun} per file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(file, checked((int)stream.Documents[0].RootNode.Start.Line), null,
                $"the top level must be a mapping of keys such as {kind.TopKeys}");
            return null;
        }

        return root;
    }

    /// <summary>The parser's message without its "(Line: x, Col: y, Idx: z) - (...): " prefix, and its cause when that says more.</summary>
    private static string Describe(YamlException e)
    {
        var message = PositionPrefix().Replace(e.Message, string.Empty).Trim();
        return e.InnerException is { Message: { Length: > 0 } inner } && !message.Contains(inner, StringComparison.Ordinal)
            ? $"{message} ({PositionPrefix().Replace(inner, string.Empty).Trim()})"
            : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
