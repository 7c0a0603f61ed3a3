using System.Collections.Immutable;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// Maps the internal records to the journal's DTOs (namespace <c>Journal.Format</c>, which knows nothing of the
/// internal records) and back: the only place that knows both. A rename inside bmh is
/// absorbed here (the compiler points at it); the file's member names are the DTOs'. Enums go by name (<see cref="EnumNames{T}"/>).
/// </summary>
internal static class JournalFormat
{
    public static HeaderDto ToDto(JournalHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new HeaderDto
        {
            FormatVersion = header.FormatVersion,
            Fingerprint = header.Fingerprint,
            StartedAt = header.StartedAt,
            SuiteFile = header.SuiteFile,
            Suite = ToDto(header.Suite),
            Shard = header.Shard is { } shard ? new ShardDto { Index = shard.Index, Count = shard.Count } : null,
            Pricing = header.Pricing is { } pricing ? ToDto(pricing) : null,
            BaselineLifecycle = header.BaselineLifecycle is { } baseline ? ToDto(baseline) : null,
            CandidateLifecycle = header.CandidateLifecycle is { } candidate ? ToDto(candidate) : null,
            Checksum = header.Checksum,
        };
    }

    /// <exception cref="System.Text.Json.JsonException">A member holds a name this bmh does not know (an enum's).</exception>
    public static JournalHeader ToHeader(HeaderDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return new JournalHeader(dto.FormatVersion, dto.Fingerprint, dto.StartedAt, dto.SuiteFile, ToSuite(dto.Suite),
            dto.Shard is { } shard ? new ShardSpec(shard.Index, shard.Count) : null,
            dto.Pricing is { } pricing ? ToPriceTable(pricing) : null,
            dto.BaselineLifecycle is { } baseline ? ToLifecycle(baseline) : null,
            dto.CandidateLifecycle is { } candidate ? ToLifecycle(candidate) : null,
            dto.Checksum);
    }

    public static AttemptDto ToDto(AttemptRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AttemptDto
        {
            CaseId = r.CaseId,
            Arm = EnumNames<Arm>.Name(r.Arm),
            Sample = r.Sample,
            Try = r.Try,
            Final = r.Final,
            ModelId = r.ModelId,
            StartedAt = r.StartedAt,
            Outcome = EnumNames<CallOutcome>.Name(r.Outcome),
            ClientLatencyMs = r.ClientLatencyMs,
            ServerLatencyMs = r.ServerLatencyMs,
            TimeToFirstTokenMs = r.TimeToFirstTokenMs,
            InputTokens = r.InputTokens,
            OutputTokens = r.OutputTokens,
            StopReason = r.StopReason,
            Text = r.Text,
            HttpStatus = r.HttpStatus,
            ErrorType = r.ErrorType,
            ErrorMessage = r.ErrorMessage,
        };
    }

    /// <exception cref="System.Text.Json.JsonException">The arm or outcome is a name this bmh does not know.</exception>
    public static AttemptRecord ToAttempt(AttemptDto d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new AttemptRecord(d.CaseId, EnumNames<Arm>.Parse(d.Arm, "attempt.arm"), d.Sample, d.Try, d.Final, d.ModelId,
            d.StartedAt, EnumNames<CallOutcome>.Parse(d.Outcome, "attempt.outcome"), d.ClientLatencyMs, d.ServerLatencyMs,
            d.TimeToFirstTokenMs, d.InputTokens, d.OutputTokens, d.StopReason, d.Text, d.HttpStatus, d.ErrorType, d.ErrorMessage);
    }

    public static EndDto ToDto(JournalEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        return new EndDto { EndedAt = end.EndedAt, Status = EnumNames<RunStatus>.Name(end.Status), Message = end.Message };
    }

    /// <exception cref="System.Text.Json.JsonException">The status is a name this bmh does not know.</exception>
    public static JournalEnd ToEnd(EndDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return new JournalEnd(dto.EndedAt, EnumNames<RunStatus>.Parse(dto.Status, "end.status"), dto.Message);
    }

    private static SuiteDto ToDto(SuiteDefinition s) => new()
    {
        Name = s.Name,
        BaselineModelId = s.BaselineModelId,
        CandidateModelId = s.CandidateModelId,
        Region = s.Region,
        Samples = s.Samples,
        Concurrency = s.Concurrency,
        Inference = ToDto(s.Inference),
        SystemPrompt = s.SystemPrompt,
        Stream = s.Stream,
        TimeoutSeconds = s.TimeoutSeconds,
        NoiseFloor = s.NoiseFloor,
        Invoke = s.Invoke is { } invoke ? ToDto(invoke) : null,
        Cases = [.. s.Cases.Select(ToDto)],
        Gates = new GatesDto
        {
            ConfidenceLevel = s.Gates.ConfidenceLevel,
            Gates = [.. s.Gates.Gates.Select(g => new GateDto
            {
                Kind = EnumNames<GateKind>.Name(g.Kind),
                Threshold = g.Threshold,
                Severity = EnumNames<GateSeverity>.Name(g.Severity),
            })],
        },
        Traffic = new TrafficDto { RequestsPerMonth = s.Traffic.RequestsPerMonth },
        PricingFile = s.PricingFile,
        Retry = new RetryDto { MaxAttempts = s.Retry.MaxAttempts, BaseDelay = s.Retry.BaseDelay, MaxDelay = s.Retry.MaxDelay },
    };

    public static InferenceDto ToDto(InferenceSettings inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        return new InferenceDto
        {
            MaxTokens = inference.MaxTokens,
            Temperature = inference.Temperature,
            TopP = inference.TopP,
            StopSequences = inference.StopSequences,
        };
    }

    public static InvokeDto ToDto(InvokeSettings invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return new InvokeDto { BodyTemplate = invoke.BodyTemplate, TextPointer = invoke.TextPointer };
    }

    private static CaseDto ToDto(PromptCase c) => new()
    {
        Id = c.Id,
        Prompt = c.Prompt,
        SchemaPath = c.SchemaPath,
        SchemaJson = c.SchemaJson,
        Expectations = [.. c.Expectations.Select(e => new ExpectationDto
        {
            Kind = EnumNames<ExpectationKind>.Name(e.Kind),
            Value = e.Value,
            JsonPointer = e.JsonPointer,
        })],
        Stream = c.Stream,
        InvokeBody = c.InvokeBody,
    };

    private static SuiteDefinition ToSuite(SuiteDto s) => new(
        s.Name, s.BaselineModelId, s.CandidateModelId, s.Region, s.Samples, s.Concurrency,
        new InferenceSettings(s.Inference.MaxTokens, s.Inference.Temperature, s.Inference.TopP, s.Inference.StopSequences),
        s.SystemPrompt, s.Stream, s.TimeoutSeconds, s.NoiseFloor,
        s.Invoke is { } invoke ? new InvokeSettings(invoke.BodyTemplate, invoke.TextPointer) : null,
        [.. s.Cases.Select(c => new PromptCase(c.Id, [Turn.UserText(c.Prompt)], c.SchemaPath, c.SchemaJson,
            [.. c.Expectations.Select(e => new Expectation(EnumNames<ExpectationKind>.Parse(e.Kind, "header.suite.cases.expectations.kind"), e.Value, e.JsonPointer))],
            c.Stream, c.InvokeBody))],
        new GateSettings(s.Gates.ConfidenceLevel,
            [.. s.Gates.Gates.Select(g => new GateSpec(EnumNames<GateKind>.Parse(g.Kind, "header.suite.gates.gates.kind"), g.Threshold,
                EnumNames<GateSeverity>.Parse(g.Severity, "header.suite.gates.gates.severity")))]),
        new TrafficSettings(s.Traffic.RequestsPerMonth),
        s.PricingFile)
    {
        Retry = new RetrySettings(s.Retry.MaxAttempts, s.Retry.BaseDelay, s.Retry.MaxDelay),
    };

    private static PriceTableDto ToDto(PriceTable table)
    {
        // Written in the table's own (ordinal) order, so the header's bytes and checksum do not depend on a dictionary's.
        var models = new Dictionary<string, ModelPriceDto>(table.Models.Count, StringComparer.Ordinal);
        foreach (var (id, p) in table.Models)
        {
            models.Add(id, new ModelPriceDto
            {
                InputPerMillion = p.InputPerMillion,
                OutputPerMillion = p.OutputPerMillion,
                CacheReadPerMillion = p.CacheReadPerMillion,
                CacheWritePerMillion = p.CacheWritePerMillion,
                AsOf = p.AsOf,
                Source = p.Source,
                Verified = p.Verified,
                ExtendedAccessMultiplier = p.ExtendedAccessMultiplier,
            });
        }

        return new PriceTableDto { File = table.File, Models = models };
    }

    private static PriceTable ToPriceTable(PriceTableDto dto) => new(dto.File,
        dto.Models.ToImmutableSortedDictionary(p => p.Key, p => new ModelPrice(p.Value.InputPerMillion, p.Value.OutputPerMillion,
            p.Value.CacheReadPerMillion, p.Value.CacheWritePerMillion, p.Value.AsOf, p.Value.Source, p.Value.Verified,
            p.Value.ExtendedAccessMultiplier), StringComparer.Ordinal));

    private static LifecycleDto ToDto(ModelLifecycleFacts f) => new()
    {
        ModelId = f.ModelId,
        LookupId = f.LookupId,
        CheckedAt = f.CheckedAt,
        BedrockStatus = f.BedrockStatus,
        LegacyTime = f.LegacyTime,
        PublicExtendedAccessTime = f.PublicExtendedAccessTime,
        EndOfLifeTime = f.EndOfLifeTime,
        Gone = f.Gone,
        Error = f.Error,
    };

    private static ModelLifecycleFacts ToLifecycle(LifecycleDto d) => new(d.ModelId, d.LookupId, d.CheckedAt, d.BedrockStatus, d.LegacyTime,
        d.PublicExtendedAccessTime, d.EndOfLifeTime, d.Gone, d.Error);
}
