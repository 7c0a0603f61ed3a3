using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// `bmh lifecycle`: looks models up in the control plane, classifies them at the injected clock's "now", prints a
/// table or JSON, and with --fail-on exits 1 when a model reached that stage. A named model the region's catalog does
/// not hold (removed at end of life, or a typo) exits 5 with a did-you-mean from the catalog. Any failed lookup exits 3
/// with one line: an audit that could not see a model must not pass.
/// </summary>
internal sealed class LifecycleCommandHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(LifecycleRequest request, CancellationToken cancellationToken)
    {
        var region = RegionResolver.Resolve(request.Region);
        if (Problem(request) is { } problem)
        {
            await env.Error.WriteLineAsync($"bmh lifecycle: {problem}");
            return ExitCodes.BadInput;
        }

        if (request.EventBridgeRule)
        {
            env.Out.Profile.Out.Writer.Write(EventBridgeRule.Text(region));
            return ExitCodes.Go;
        }

        foreach (var model in request.Models)
        {
            if (ModelIds.PinningWarning(model, "model") is { } warning)
            {
                await env.Error.WriteLineAsync(warning);
            }
        }

        var credentials = await CredentialChoice.ResolveAsync(request.Endpoint, cancellationToken);
        if (credentials.Source is null)
        {
            await env.Error.WriteLineAsync($"bmh lifecycle: {OneLine(credentials.Error!)}");
            return ExitCodes.CouldNotComplete;
        }

        if (credentials.Note is not null)
        {
            await env.Error.WriteLineAsync(credentials.Note);
        }

        using var client = BedrockClientFactory.CreateControlPlane(
            new BedrockClientOptions(region, request.Endpoint, credentials.Source, MaxConnections: 4), env.Time);
        var lookup = new LifecycleLookup(client, env.Time);
        ImmutableArray<ModelLifecycleFacts> models;
        if (request.All)
        {
            var listed = await lookup.ListAllAsync(cancellationToken);
            if (!listed.IsSuccess)
            {
                await env.Error.WriteLineAsync($"bmh lifecycle: could not list the models of {region}: {OneLine(listed.Error.ToString())}");
                return ExitCodes.CouldNotComplete;
            }

            models = listed.Value;
        }
        else
        {
            var found = ImmutableArray.CreateBuilder<ModelLifecycleFacts>(request.Models.Count);
            foreach (var model in request.Models)
            {
                var facts = await lookup.LookUpAsync(model, cancellationToken);
                if (facts.Error is not null)
                {
                    await env.Error.WriteLineAsync($"bmh lifecycle: could not look up {model} in {region}: {OneLine(facts.Error)}");
                    return ExitCodes.CouldNotComplete;
                }

                found.Add(facts);
            }

            models = found.MoveToImmutable();
        }

        var now = env.Time.GetUtcNow();
        var suggestions = await SuggestionsAsync(lookup, models, cancellationToken);
        var threshold = FailOnStage(request.FailOn);
        // A model the catalog does not hold has no stage we can tell: it may have been removed, or be a typo.
        var reached = threshold is { } t
            ? models.Where(m => !m.Gone && LifecycleClassifier.Classify(m, now) >= t).ToImmutableArray()
            : [];
        if (request.Format == "json")
        {
            var document = new LifecycleDocument(
                LifecycleDocument.CurrentFormatVersion, Reports.Formatting.RunText.ToolName, now, region,
                threshold is { } s ? LifecycleStageText.Json(s) : null, !reached.IsEmpty,
                [.. models.Select(m => LifecycleModel.From(m, now, suggestions.GetValueOrDefault(m.ModelId)))]);
            env.Out.Profile.Out.Writer.Write(document.ToJson());
        }
        else
        {
            LifecycleTable.Write(env.Out, models, now, region);
        }

        if (threshold is { } stage && !reached.IsEmpty)
        {
            await env.Error.WriteLineAsync(
                $"bmh lifecycle: {reached.Length} of {models.Length} models are {LifecycleStageText.Of(stage)} or further: " +
                string.Join(", ", reached.Select(m => $"{m.ModelId} ({LifecycleStageText.Of(LifecycleClassifier.Classify(m, now))})")));
        }

        foreach (var missing in models.Where(static m => m.Gone))
        {
            var hint = suggestions.GetValueOrDefault(missing.ModelId) is { } near ? $" Did you mean {near}?" : "";
            await env.Error.WriteLineAsync(
                $"bmh lifecycle: {missing.ModelId} is not in the catalog of {region}: it reached end of life and was removed, or the id has a typo.{hint}");
        }

        return models.Any(static m => m.Gone) ? ExitCodes.NotInCatalog
            : !reached.IsEmpty ? ExitCodes.NoGo
            : ExitCodes.Go;
    }

    /// <summary>For each model the catalog does not hold, the catalog id a typo away, when there is one; none when the catalog cannot be listed.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> SuggestionsAsync(
        LifecycleLookup lookup, ImmutableArray<ModelLifecycleFacts> models, CancellationToken cancellationToken)
    {
        if (!models.Any(static m => m.Gone))
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var listed = await lookup.ListAllAsync(cancellationToken);
        if (!listed.IsSuccess)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var catalog = listed.Value.Select(static m => m.ModelId).ToList();
        var suggestions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models.Where(static m => m.Gone))
        {
            if (CatalogSuggestion.For(model.ModelId, catalog) is { } near)
            {
                suggestions[model.ModelId] = near;
            }
        }

        return suggestions;
    }

    private static string? Problem(LifecycleRequest request) =>
        request.Format is not ("table" or "json") ? $"--format takes table or json (found '{request.Format}')."
        : request.FailOn is not null && FailOnStage(request.FailOn) is null ? $"--fail-on takes legacy, extended-access or eol (found '{request.FailOn}')."
        : request.Models.FirstOrDefault(m => m.StartsWith('-')) is { } flag ? $"unknown option '{flag}'; see bmh lifecycle --help."
        : request.All && request.Models.Count > 0 ? "name models or pass --all, not both."
        : !request.All && request.Models.Count == 0 && !request.EventBridgeRule
            ? "name at least one model id (e.g. bmh lifecycle anthropic.claude-3-5-sonnet-20241022-v2:0), or pass --all."
        : null;

    /// <summary>Messages from the SDK span lines; a cron log and a chat hook want one.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static LifecycleStage? FailOnStage(string? failOn) => failOn switch
    {
        "legacy" => LifecycleStage.Legacy,
        "extended-access" => LifecycleStage.ExtendedAccess,
        "eol" => LifecycleStage.EndOfLife,
        _ => null,
    };
}
