using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace BedrockMigrationHarness.Cli;

/// <summary>
/// System.CommandLine's help, with an option whose value may be left out (arity zero or one, such as
/// <c>--emulator [PROFILE]</c>) shown with its value in square brackets instead of the angle brackets of a required
/// value. System.CommandLine renders both as <c>&lt;PROFILE&gt;</c> and keeps its help builder internal, so this
/// writes the help into a buffer and rewrites those options' labels (same width, so the columns stay aligned).
/// </summary>
internal sealed class OptionalValueHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <summary>Puts this action on every <see cref="HelpOption"/> of <paramref name="root"/>.</summary>
    public static void InstallOn(RootCommand root)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction help)
            {
                option.Action = new OptionalValueHelpAction(help);
            }
        }
    }

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var buffer = new StringWriter();
        configuration.Output = buffer;
        int code;
        try
        {
            code = help.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        var text = buffer.ToString();
        foreach (var option in parseResult.CommandResult.Command.Options.Where(IsValueOptional))
        {
            text = text.Replace($"{option.Name} <{option.HelpName}>", $"{option.Name} [{option.HelpName}]", StringComparison.Ordinal);
        }

        output.Write(text);
        return code;
    }

    private static bool IsValueOptional(Option option) =>
        option.HelpName is { Length: > 0 } && option.Arity is { MinimumNumberOfValues: 0, MaximumNumberOfValues: 1 } && option.ValueType != typeof(bool);
}
