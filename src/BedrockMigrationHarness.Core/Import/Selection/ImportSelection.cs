using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>
/// Chooses the cases of an import from the stream of log entries, one entry at a time: every record read is either
/// dropped for exactly one reason or selected. In order: the reader's own drops; <c>--operation</c>; <c>--model</c>;
/// what a suite cannot express (<see cref="Replayability"/>); the harness's own calls and <c>--exclude-metadata</c>; duplicates; then the seeded sample (<c>--sample</c>, or the
/// cap). Memory is bounded by the sample's size, not by the log set's.
/// </summary>
internal sealed class ImportSelection
{
    private const int TopRepeats = 10;

    private readonly ImportPlan _plan;
    private readonly string? _modelBase;
    private readonly DropTally _drops = new();
    private readonly Deduplicator _deduplicator = new();
    private readonly StratifiedSampler _sampler;
    private readonly LogCensus _census = new();
    private readonly Dictionary<string, long> _candidatesByBaseModel = new(StringComparer.Ordinal);

    public ImportSelection(ImportPlan plan)
    {
        _plan = plan;
        _modelBase = plan.Model is null ? null : ModelIds.BaseModelId(plan.Model);
        _sampler = new StratifiedSampler(plan.SampleSize, plan.Seed, StratumOf(plan.Stratify));
    }

    public long RecordsRead { get; private set; }

    public void Add(LogEntry entry)
    {
        RecordsRead++;
        switch (entry)
        {
            case LogEntry.Dropped dropped:
                _drops.Add(dropped.Record);
                break;
            case LogEntry.Kept kept:
                Consider(kept.Invocation);
                break;
        }
    }

    /// <summary>The selection, in chronological order (then by request id), with everything the import report tells.</summary>
    public SelectionResult Finish()
    {
        var sample = _sampler.Finish();
        foreach (var left in sample.LeftOut)
        {
            _drops.Add(left, DropReason.NotSampled, SampleDetail());
        }

        var selected = sample.Selected
            .OrderBy(i => i.Timestamp).ThenBy(i => i.RequestId, StringComparer.Ordinal)
            .ToImmutableArray();
        return new SelectionResult(
            RecordsRead,
            selected,
            _drops.Counts,
            _drops.Total,
            _census.ToSummary(),
            sample.Strata,
            _deduplicator.TopRepeats(TopRepeats),
            selected.ToImmutableDictionary(i => i.RequestId, _deduplicator.TimesSeen, StringComparer.Ordinal),
            [.. _candidatesByBaseModel.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => new NamedCount(m.Key, m.Value))]);
    }

    private void Consider(LoggedInvocation invocation)
    {
        _census.Add(invocation);
        if (!OperationKept(invocation.Operation))
        {
            _drops.Add(invocation, DropReason.OtherOperation, $"{invocation.Operation}, not kept by --operation {_plan.Operation.ToString().ToLowerInvariant()}");
            return;
        }

        var baseModel = ModelIds.BaseModelId(invocation.ModelId);
        if (_modelBase is not null && baseModel != _modelBase && invocation.ModelId != _plan.Model)
        {
            _drops.Add(invocation, DropReason.OtherModel, $"{invocation.ModelId}, not {_plan.Model}");
            return;
        }

        if (Replayability.ProblemOf(invocation) is { } problem)
        {
            _drops.Add(invocation, problem.Reason, problem.Detail);
            return;
        }

        if (ExclusionOf(invocation) is { } exclusion)
        {
            _drops.Add(invocation, DropReason.ExcludedByMetadata, exclusion);
            return;
        }

        if (_deduplicator.DuplicateOf(invocation) is { } duplicate)
        {
            _drops.Add(invocation, DropReason.Duplicate, duplicate);
            return;
        }

        _candidatesByBaseModel[baseModel] = _candidatesByBaseModel.GetValueOrDefault(baseModel) + 1;
        if (_sampler.Offer(invocation) is { } left)
        {
            _drops.Add(left, DropReason.NotSampled, SampleDetail());
        }
    }

    private bool OperationKept(LoggedOperation operation) => _plan.Operation switch
    {
        OperationFilter.Converse => operation is LoggedOperation.Converse or LoggedOperation.ConverseStream,
        OperationFilter.Invoke => operation is LoggedOperation.InvokeModel or LoggedOperation.InvokeModelWithResponseStream,
        _ => true,
    };

    private string? ExclusionOf(LoggedInvocation invocation)
    {
        var metadata = invocation.RequestMetadata;
        if (!_plan.IncludeHarnessCalls && metadata.TryGetValue(RequestTags.SuiteKey, out var suite))
        {
            return $"a call of bmh itself ({RequestTags.SuiteKey}={suite}); --include-harness-calls keeps them";
        }

        return _plan.ExcludeMetadata.FirstOrDefault(e => e.Matches(metadata)) is { } exclusion
            ? $"request metadata matches --exclude-metadata {exclusion}"
            : null;
    }

    private string SampleDetail() => _plan.SampleRequested
        ? $"left out by --sample {_plan.SampleSize} (seed {_plan.Seed})"
        : $"left out by the cap of {ImportPlan.MaxCases} cases (seed {_plan.Seed}); use --sample N to choose the size";

    private static Func<LoggedInvocation, StratumKey> StratumOf(StratifyBy stratify) => stratify switch
    {
        StratifyBy.Model => i => new StratumKey(0, i.ModelId),
        StratifyBy.Operation => i => new StratumKey(0, i.Operation.ToString()),
        StratifyBy.Length => i => LengthBuckets.Of(i.Request.TextLength),
        _ => _ => new StratumKey(0, "all"),
    };
}

/// <summary>A name (a model id, an operation) and how many records had it.</summary>
internal sealed record NamedCount(string Name, long Count);

/// <summary>What <see cref="ImportSelection"/> chose and why.</summary>
/// <param name="RecordsRead">Every record read: <c>RecordsRead = Selected.Length + DroppedTotal</c>.</param>
/// <param name="TimesSeen">How often each selected request's body was seen, by request id.</param>
/// <param name="CandidatesByBaseModel">Records left after filters and de-duplication, by base model id (profile prefixes and ARNs stripped), most first.</param>
internal sealed record SelectionResult(
    long RecordsRead,
    ImmutableArray<LoggedInvocation> Selected,
    ImmutableArray<DropCount> Drops,
    long DroppedTotal,
    LogCensusSummary Census,
    ImmutableArray<StratumSize> Strata,
    ImmutableArray<RepeatedRequest> Repeats,
    ImmutableDictionary<string, int> TimesSeen,
    ImmutableArray<NamedCount> CandidatesByBaseModel);
