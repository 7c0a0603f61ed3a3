using System.Text.RegularExpressions;
using BedrockMigrationHarness.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The CI examples in docs/ci/ against the real command line: every `bmh` command their shell steps run uses a
/// subcommand the root `--help` lists and only flags that subcommand's `--help` lists, and they install the tool
/// package this repository packs.
/// </summary>
[TestFixture]
public sealed partial class CiExampleTests
{
    private static readonly string[] Examples = ["github-actions.yml", "gitlab-ci.yml"];

    // The keys whose values are shell: GitHub's step `run`, GitLab's `script`, `before_script` and `after_script`.
    private static readonly HashSet<string> ShellKeys = ["run", "script", "before_script", "after_script"];

    [TestCaseSource(nameof(Examples))]
    public async Task BmhCommands_CiExample_UseOnlySubcommandsAndFlagsTheHelpLists(string file)
    {
        var commands = BmhCommands(ShellOf(Path.Combine(RepoPaths.Root, "docs", "ci", file))).ToList();

        var problems = await ProblemsAsync(commands);

        Assert.That(commands.Count(c => c.StartsWith("bmh run ", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), $"{file}: a run on Bedrock and one on the emulator");
        Assert.That(problems, Is.Empty, $"{file}: {string.Join("; ", commands)}");
    }

    [TestCase("bmh run s.yaml --samplez 3", "--samplez")]
    [TestCase("bmh rnu s.yaml", "rnu")]
    [TestCase("x=1; bmh report reports/ab --emulator # a comment naming bmh", "--emulator")]
    public async Task BmhCommands_UnknownSubcommandOrFlag_IsAProblem(string script, string named)
    {
        var problems = await ProblemsAsync(BmhCommands([script]).ToList());

        Assert.That(problems, Has.Exactly(1).Contains(named));
    }

    [TestCaseSource(nameof(Examples))]
    public void ToolInstall_CiExample_InstallsThePackageThisRepositoryPacks(string file)
    {
        var installs = ShellOf(Path.Combine(RepoPaths.Root, "docs", "ci", file))
            .SelectMany(script => script.Split('\n'))
            .Where(line => line.Contains("dotnet tool install", StringComparison.Ordinal))
            .ToList();

        Assert.That(installs, Has.Count.EqualTo(1));
        Assert.That(installs[0], Does.Contain(" BedrockMigrationHarness.Cli").And.Contain("--tool-path .tools"));
    }

    /// <summary>Every shell script of a CI file: the values of its shell keys, at any depth.</summary>
    private static IEnumerable<string> ShellOf(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        return Scripts(yaml.Documents[0].RootNode, inShell: false);

        static IEnumerable<string> Scripts(YamlNode node, bool inShell) => node switch
        {
            YamlScalarNode scalar when inShell && scalar.Value is { } value => [value],
            YamlSequenceNode sequence => sequence.Children.SelectMany(child => Scripts(child, inShell)),
            YamlMappingNode mapping => mapping.Children.SelectMany(entry =>
                Scripts(entry.Value, entry.Key is YamlScalarNode { Value: { } key } && ShellKeys.Contains(key))),
            _ => [],
        };
    }

    /// <summary>The `bmh ...` commands of shell scripts, one line each: continuations joined, comments dropped.</summary>
    private static IEnumerable<string> BmhCommands(IEnumerable<string> scripts) =>
        scripts
            .SelectMany(script => script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .Select(line => ShellComment().Replace(line, ""))
            .SelectMany(line => BmhCommand().Matches(line).Select(m => Regex.Replace(m.Value.Trim(), @"\s+", " ")));

    /// <summary>A subcommand the root help does not list, or a flag its subcommand's help does not list.</summary>
    private static async Task<List<string>> ProblemsAsync(IReadOnlyList<string> commands)
    {
        var cli = new CliHarness(Path.GetTempPath());
        Assert.That(await cli.RunAsync("--help"), Is.Zero);
        var rootHelp = cli.Out;
        var problems = new List<string>();
        foreach (var command in commands)
        {
            var words = command.Split(' ').Skip(1).ToList();
            var subcommand = words.Count > 0 && !words[0].StartsWith('-') ? words[0] : null;
            var help = rootHelp;
            if (subcommand is not null)
            {
                if (!Entries(rootHelp, "Commands:").Contains(subcommand))
                {
                    problems.Add($"`{command}`: bmh --help lists no command {subcommand}");
                    continue;
                }

                Assert.That(await cli.RunAsync(subcommand, "--help"), Is.Zero, command);
                help = cli.Out;
            }

            var options = Entries(help, "Options:");
            problems.AddRange(words.Where(w => w.StartsWith('-'))
                .Select(flag => flag.Split('=')[0])
                .Where(flag => !options.Contains(flag))
                .Select(flag => $"`{command}`: `bmh {subcommand} --help` lists no {flag}"));
        }

        return problems;
    }

    /// <summary>
    /// The names a help section lists: under `Commands:` the first word of each entry (`run &lt;SUITE&gt;`), under
    /// `Options:` every alias of each entry (`-o, --out &lt;DIR&gt;`). Entries are indented two spaces; the section
    /// ends at the first line that is empty or not indented.
    /// </summary>
    private static HashSet<string> Entries(string help, string section)
    {
        var lines = help.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var entries = lines
            .SkipWhile(line => line.Trim() != section)
            .Skip(1)
            .TakeWhile(line => line.StartsWith(' '))
            .Where(line => line.Length > 2 && line[2] != ' ')
            .Select(line => line.Trim().Split("  ")[0]);
        return section == "Options:"
            ? entries.SelectMany(head => head.Split(", ")).Select(alias => alias.Split(' ')[0]).ToHashSet()
            : entries.Select(head => head.Split(' ')[0]).ToHashSet();
    }

    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex ShellComment();

    // `bmh` as a command word (not in a path or a name like role/bmh-ab), up to the end of its shell command.
    [GeneratedRegex(@"(?<![\w./$-])bmh(\s[^;&|)]*)?(?=$|[;&|)])")]
    private static partial Regex BmhCommand();
}
