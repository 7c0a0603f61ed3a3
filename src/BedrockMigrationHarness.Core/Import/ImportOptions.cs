using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Import;

/// <summary>Which logged operations <c>--operation</c> keeps.</summary>
public enum OperationFilter
{
    /// <summary>Every operation (the default).</summary>
    All,
    /// <summary>Converse and ConverseStream.</summary>
    Converse,
    /// <summary>InvokeModel and InvokeModelWithResponseStream.</summary>
    Invoke,
}

/// <summary>How <c>--stratify</c> splits the records before sampling.</summary>
public enum StratifyBy
{
    /// <summary>One stratum: a plain seeded sample.</summary>
    None,
    /// <summary>By the logged model id.</summary>
    Model,
    /// <summary>By the logged operation.</summary>
    Operation,
    /// <summary>By the request's text length, on a fixed log scale (&lt;1k, 1k–4k, 4k–16k, 16k–64k, ≥64k characters).</summary>
    Length,
}

/// <summary>An <c>--exclude-metadata KEY=VALUE</c>: records whose request metadata has KEY with VALUE (any value when <see cref="Value"/> is null) are left out.</summary>
public sealed record MetadataExclusion(string Key, string? Value)
{
    public bool Matches(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(Key, out var value) && (Value is null || string.Equals(value, Value, StringComparison.Ordinal));

    public override string ToString() => $"{Key}={Value ?? "*"}";
}

/// <summary>
/// The options of <c>bmh import</c> as given (texts unparsed); <see cref="ImportPlanBuilder"/> checks them all at once.
/// </summary>
/// <param name="OutputDirectory">The suite folder to write, a full path.</param>
public sealed record ImportOptions(
    IReadOnlyList<string> Sources,
    string OutputDirectory,
    string? Model = null,
    string? Operation = null,
    string? Since = null,
    string? Until = null,
    int? Sample = null,
    string? Stratify = null,
    int? Seed = null,
    bool Redact = false,
    IReadOnlyList<string>? ExcludeMetadata = null,
    bool IncludeHarnessCalls = false,
    string? Candidate = null,
    string? Name = null,
    string? Region = null,
    bool InferSchemas = false);

/// <summary>
/// A checked, frozen import: what to read, what to keep, how to sample and where to write. Nothing downstream re-checks it.
/// </summary>
/// <param name="SuiteName">The <c>name:</c> of the written suite (<c>--name</c>, else the output folder's name made valid).</param>
/// <param name="Since">Records before this instant are left out (inclusive bound).</param>
/// <param name="Until">Records at or after this instant are left out (exclusive bound).</param>
/// <param name="SampleSize">How many cases at most: <c>--sample</c>, else <see cref="ImportPlan.MaxCases"/>.</param>
/// <param name="SampleRequested">True when <c>--sample</c> was given (the report and messages say which cap applied).</param>
public sealed record ImportPlan(
    ImmutableArray<string> Sources,
    string OutputDirectory,
    string SuiteName,
    string? Model,
    OperationFilter Operation,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int SampleSize,
    bool SampleRequested,
    StratifyBy Stratify,
    int Seed,
    bool Redact,
    ImmutableArray<MetadataExclusion> ExcludeMetadata,
    bool IncludeHarnessCalls,
    string? Candidate,
    string? Region,
    bool InferSchemas = false)
{
    /// <summary>The most cases one import writes (without <c>--sample</c>, a larger set is sampled down to it).</summary>
    public const int MaxCases = 10_000;

    /// <summary>The default <c>--seed</c>.</summary>
    public const int DefaultSeed = 1;
}

/// <summary><c>bmh import</c> cannot start as asked (bad options, an output folder that is not empty): exit 2, nothing read.</summary>
public sealed class ImportSetupException(string message) : Exception(message);

/// <summary>Checks <see cref="ImportOptions"/> into an <see cref="ImportPlan"/>, reporting every problem at once.</summary>
public static class ImportPlanBuilder
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    /// <exception cref="ImportSetupException">One or more options are wrong; the message lists every one and what to do.</exception>
    public static ImportPlan Build(ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Sources.Count == 0)
        {
            problems.Add("give at least one SOURCE: s3://bucket/prefix, a folder, or a log file (.json, .jsonl, .json.gz, a CloudWatch Logs export)");
        }

        CheckOutput(options.OutputDirectory, problems);
        var operation = options.Operation?.Trim().ToLowerInvariant() switch
        {
            null or "all" => OperationFilter.All,
            "converse" => OperationFilter.Converse,
            "invoke" => OperationFilter.Invoke,
            _ => Problem(problems, OperationFilter.All, $"--operation must be converse, invoke or all (found `{options.Operation}`)"),
        };
        var stratify = options.Stratify?.Trim().ToLowerInvariant() switch
        {
            null or "none" => StratifyBy.None,
            "model" => StratifyBy.Model,
            "operation" => StratifyBy.Operation,
            "length" => StratifyBy.Length,
            _ => Problem(problems, StratifyBy.None, $"--stratify must be model, operation or length (found `{options.Stratify}`)"),
        };
        var since = Date(options.Since, "--since", problems);
        var until = Date(options.Until, "--until", problems);
        if (since is not null && until is not null && since >= until)
        {
            problems.Add($"--since ({since:yyyy-MM-dd'T'HH:mm:ss'Z'}) must be before --until ({until:yyyy-MM-dd'T'HH:mm:ss'Z'}); --since is inclusive, --until exclusive");
        }

        if (options.Sample is { } sample && sample is < 1 or > ImportPlan.MaxCases)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--sample must be a whole number from 1 to {ImportPlan.MaxCases} (found {sample})"));
        }

        if (options.Seed is < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--seed must be a whole number ≥ 0 (found {options.Seed})"));
        }

        if (options.Model is { } model && string.IsNullOrWhiteSpace(model))
        {
            problems.Add("--model must be a model id, e.g. --model anthropic.claude-3-haiku-20240307-v1:0");
        }

        if (options.Candidate is { } candidate && !SuiteOptionsBinder.ModelIdPattern().IsMatch(candidate))
        {
            problems.Add($"--candidate must be a model id, inference profile id or ARN: letters, digits and . _ : / - only (found `{candidate}`)");
        }

        if (options.Region is { } region && !SuiteOptionsBinder.RegionPattern().IsMatch(region))
        {
            problems.Add($"--region must be an AWS region such as us-east-1 (found `{region}`)");
        }

        if (options.Name is { } name && !SuiteOptionsBinder.IdPattern().IsMatch(name))
        {
            problems.Add($"--name may hold only letters, digits, `.`, `_` and `-` (found `{name}`)");
        }

        var exclusions = ImmutableArray.CreateBuilder<MetadataExclusion>();
        foreach (var text in options.ExcludeMetadata ?? [])
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == text.Length - 1)
            {
                problems.Add($"--exclude-metadata must be KEY=VALUE, or KEY=* for any value, e.g. --exclude-metadata team=load-test (found `{text}`)");
                continue;
            }

            var value = text[(equals + 1)..];
            exclusions.Add(new MetadataExclusion(text[..equals], value == "*" ? null : value));
        }

        if (problems.Count > 0)
        {
            throw new ImportSetupException(problems.Count == 1
                ? $"bmh import: {problems[0]}."
                : $"bmh import has {problems.Count} problems:\n" + string.Join('\n', problems.Select(p => $"  - {p}")));
        }

        return new ImportPlan(
            [.. options.Sources], options.OutputDirectory, options.Name ?? SuiteNameFor(options.OutputDirectory),
            options.Model?.Trim(), operation, since, until,
            options.Sample ?? ImportPlan.MaxCases, options.Sample is not null, stratify, options.Seed ?? ImportPlan.DefaultSeed,
            options.Redact, exclusions.ToImmutable(), options.IncludeHarnessCalls, options.Candidate, options.Region,
            options.InferSchemas);
    }

    /// <summary>A suite name from a folder's name: characters a name may not hold become <c>-</c>; <c>imported</c> when nothing is left.</summary>
    public static string SuiteNameFor(string directory)
    {
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var name = string.Concat(folder.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')).Trim('-', '.');
        return name.Length == 0 ? "imported" : name;
    }

    /// <summary>An existing non-empty folder (or a file) at <paramref name="directory"/> is refused: an import never overwrites.</summary>
    internal static string? OutputProblem(string directory)
    {
        if (File.Exists(directory))
        {
            return $"--out {directory} is a file; give a new folder for the suite";
        }

        return Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()
            ? $"--out {directory} already exists and is not empty; an import never overwrites a suite: pick another folder (or remove that one)"
            : null;
    }

    private static void CheckOutput(string directory, List<string> problems)
    {
        if (OutputProblem(directory) is { } problem)
        {
            problems.Add(problem);
        }
    }

    private static DateTimeOffset? Date(string? text, string option, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        problems.Add($"{option} must be an ISO date or date-time, UTC unless it has an offset, e.g. {option} 2025-03-11 or {option} 2025-03-11T14:00:00Z (found `{text}`)");
        return null;
    }

    private static T Problem<T>(List<string> problems, T fallback, string problem)
    {
        problems.Add(problem);
        return fallback;
    }
}
