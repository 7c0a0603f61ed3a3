using System.Collections.Immutable;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>What the decoded records of a log set hold, before any filter: models, operations and the dates covered.</summary>
internal sealed class LogCensus
{
    private readonly Dictionary<string, long> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<LoggedOperation, long> _operations = [];
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    public void Add(LoggedInvocation invocation)
    {
        _models[invocation.ModelId] = _models.GetValueOrDefault(invocation.ModelId) + 1;
        _operations[invocation.Operation] = _operations.GetValueOrDefault(invocation.Operation) + 1;
        _first = _first is null || invocation.Timestamp < _first ? invocation.Timestamp : _first;
        _last = _last is null || invocation.Timestamp > _last ? invocation.Timestamp : _last;
    }

    public LogCensusSummary ToSummary() => new(
        [.. _models.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => new NamedCount(m.Key, m.Value))],
        [.. _operations.OrderBy(o => o.Key).Select(o => new NamedCount(o.Key.ToString(), o.Value))],
        _first,
        _last);
}

/// <summary>Models and operations seen (most first / in enum order) and the first and last timestamps of the decoded records.</summary>
internal sealed record LogCensusSummary(
    ImmutableArray<NamedCount> Models,
    ImmutableArray<NamedCount> Operations,
    DateTimeOffset? First,
    DateTimeOffset? Last);
