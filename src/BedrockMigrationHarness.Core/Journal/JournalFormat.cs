using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Batch;
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
            OtherCandidateLifecycles = header.OtherCandidateLifecycles.IsDefaultOrEmpty ? null : [.. header.OtherCandidateLifecycles.Select(ToDto)],
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
            dto.Checksum)
        {
            OtherCandidateLifecycles = dto.OtherCandidateLifecycles is { } others ? [.. others.Select(ToLifecycle)] : [],
        };
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
            ToolCalls = r.ToolCalls.IsDefaultOrEmpty
                ? null
                : [.. r.ToolCalls.Select(c => new ToolCallDto { ToolUseId = c.ToolUseId, Name = c.Name, InputJson = c.InputJson })],
            ReasoningText = r.ReasoningText,
            CacheReadInputTokens = r.CacheReadInputTokens,
            CacheWriteInputTokens = r.CacheWriteInputTokens,
            Candidate = r.Candidate > 0 ? r.Candidate : null,
        };
    }

    /// <exception cref="System.Text.Json.JsonException">The arm or outcome is a name this bmh does not know.</exception>
    public static AttemptRecord ToAttempt(AttemptDto d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new AttemptRecord(d.CaseId, EnumNames<Arm>.Parse(d.Arm, "attempt.arm"), d.Sample, d.Try, d.Final, d.ModelId,
            d.StartedAt, EnumNames<CallOutcome>.Parse(d.Outcome, "attempt.outcome"), d.ClientLatencyMs, d.ServerLatencyMs,
            d.TimeToFirstTokenMs, d.InputTokens, d.OutputTokens, d.StopReason, d.Text, d.HttpStatus, d.ErrorType, d.ErrorMessage)
        {
            ToolCalls = d.ToolCalls is { } calls ? [.. calls.Select(c => new ToolCall(c.ToolUseId, c.Name, c.InputJson))] : [],
            ReasoningText = d.ReasoningText,
            CacheReadInputTokens = d.CacheReadInputTokens,
            CacheWriteInputTokens = d.CacheWriteInputTokens,
            Candidate = d.Candidate ?? 0,
        };
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

    public static LookDto ToDto(LookRecord look)
    {
        ArgumentNullException.ThrowIfNull(look);
        return new LookDto
        {
            Index = look.Index,
            SamplesPerCase = look.SamplesPerCase,
            Fraction = look.Fraction,
            FailLevel = look.FailLevel,
            PassLevel = look.PassLevel,
            Gates = [.. look.Gates.Select(g => new LookGateDto
            {
                Kind = EnumNames<GateKind>.Name(g.Kind),
                State = EnumNames<LookGateState>.Name(g.State),
                Estimate = g.Estimate,
            })],
            ModelCalls = look.ModelCalls,
            SpendUsd = look.SpendUsd,
            Stop = EnumNames<LookStop>.Name(look.Stop),
            NextSamplesPerCase = look.NextSamplesPerCase,
            At = look.At,
        };
    }

    /// <exception cref="System.Text.Json.JsonException">A gate kind, a gate state or the stop is a name this bmh does not know.</exception>
    public static LookRecord ToLook(LookDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return new LookRecord(
            dto.Index, dto.SamplesPerCase, dto.Fraction, dto.FailLevel, dto.PassLevel,
            [.. dto.Gates.Select(g => new LookGate(
                EnumNames<GateKind>.Parse(g.Kind, "look.gates.kind"), EnumNames<LookGateState>.Parse(g.State, "look.gates.state"), g.Estimate))],
            dto.ModelCalls, dto.SpendUsd, EnumNames<LookStop>.Parse(dto.Stop, "look.stop"), dto.NextSamplesPerCase, dto.At);
    }

    public static BatchJobDto ToDto(BatchJobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new BatchJobDto
        {
            ClientRequestToken = job.ClientRequestToken,
            Arm = EnumNames<Arm>.Name(job.Arm),
            Number = job.Number,
            JobName = job.JobName,
            ModelId = job.ModelId,
            InvocationType = EnumNames<BatchInvocationType>.Name(job.InvocationType),
            InputUri = job.InputUri.ToString(),
            OutputUri = job.OutputUri.ToString(),
            Records = job.Records,
            PlannedAt = job.PlannedAt,
            JobArn = job.JobArn,
            SubmittedAt = job.SubmittedAt,
            End = job.End is { } end ? new BatchJobEndDto
            {
                State = EnumNames<BatchJobState>.Name(end.State),
                Message = end.Message,
                RecordsJournaled = end.RecordsJournaled,
                TotalRecordCount = end.Manifest?.TotalRecordCount,
                ProcessedRecordCount = end.Manifest?.ProcessedRecordCount,
                SuccessRecordCount = end.Manifest?.SuccessRecordCount,
                ErrorRecordCount = end.Manifest?.ErrorRecordCount,
                InputTokenCount = end.Manifest?.InputTokenCount,
                OutputTokenCount = end.Manifest?.OutputTokenCount,
                EndedAt = end.EndedAt,
            } : null,
        };
    }

    /// <summary>A batch job line, checked: a journal is read from a file like any other.</summary>
    /// <exception cref="JsonException">A member is out of its range or a name is unknown; the message names the member.</exception>
    public static BatchJobRecord ToBatchJob(BatchJobDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        if (dto.ClientRequestToken.Length is 0 or > 256 || dto.Number < 1 || dto.Records < 0 || dto.JobName.Length == 0)
        {
            throw new JsonException("`batchJob` has an empty token or job name, or a job number below 1 or a negative record count.");
        }

        var end = dto.End;
        if (end is not null && end.RecordsJournaled < 0)
        {
            throw new JsonException("`batchJob.end.recordsJournaled` is negative.");
        }

        return new BatchJobRecord(
            dto.ClientRequestToken,
            EnumNames<Arm>.Parse(dto.Arm, "batchJob.arm"),
            dto.Number,
            dto.JobName,
            dto.ModelId,
            EnumNames<BatchInvocationType>.Parse(dto.InvocationType, "batchJob.invocationType"),
            ToS3Uri(dto.InputUri, "batchJob.inputUri"),
            ToS3Uri(dto.OutputUri, "batchJob.outputUri"),
            dto.Records,
            dto.PlannedAt)
        {
            JobArn = dto.JobArn,
            SubmittedAt = dto.SubmittedAt,
            End = end is null ? null : new BatchJobEnd(
                EnumNames<BatchJobState>.Parse(end.State, "batchJob.end.state"),
                end.Message,
                end.RecordsJournaled,
                end.TotalRecordCount is { } total
                    ? new BatchManifest(total, end.ProcessedRecordCount ?? 0, end.SuccessRecordCount ?? 0, end.ErrorRecordCount ?? 0, end.InputTokenCount, end.OutputTokenCount)
                    : null,
                end.EndedAt),
        };
    }

    /// <summary>A job's input or output location as written: <c>s3://bucket/key</c> (the key may be empty, the slash may not).</summary>
    private static S3Uri ToS3Uri(string text, string member) =>
        S3Uri.TryParse(text, out var uri) && text.Length > $"s3://{uri.Bucket}".Length
            ? uri
            : throw new JsonException($"`{member}` is `{text}`, not an s3://bucket/key location.");

    public static BatchDto ToDto(BatchSettings batch) => new()
    {
        Bucket = batch.Bucket,
        Prefix = batch.Prefix,
        RoleArn = batch.RoleArn,
        MinRecordsPerJob = batch.MinRecordsPerJob,
        MaxRecordsPerJob = batch.MaxRecordsPerJob,
        MaxInputBytes = batch.MaxInputBytes,
        TimeoutHours = batch.TimeoutHours,
        PollInterval = batch.PollInterval,
    };

    /// <summary>The batch settings of a header, checked as the suite key is.</summary>
    /// <exception cref="JsonException">A value is out of its range; the message names the member.</exception>
    private static BatchSettings ToBatch(BatchDto d)
    {
        if (BatchSettings.ParseLocation($"s3://{d.Bucket}/{d.Prefix}", out var problem) is not { } at || at.Prefix != d.Prefix)
        {
            throw new JsonException($"`header.suite.batch` names no usable S3 location ({problem ?? "the prefix must end with /"}).");
        }

        if (d.MinRecordsPerJob < 1 || d.MaxRecordsPerJob < d.MinRecordsPerJob || d.MaxInputBytes < 1 || d.TimeoutHours is < 24 or > 168
            || d.PollInterval is { } poll && (poll < TimeSpan.FromSeconds(1) || poll > TimeSpan.FromHours(1)))
        {
            throw new JsonException("`header.suite.batch` has a record quota, file size, timeout or poll interval out of its range.");
        }

        return new BatchSettings(d.Bucket, d.Prefix, d.RoleArn, d.MinRecordsPerJob, d.MaxRecordsPerJob, d.MaxInputBytes, d.TimeoutHours,
            d.PollInterval ?? BatchSettings.DefaultPollInterval);
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
        Cases = [.. s.Cases.Select(c => ToDto(c, s.Inference))],
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
        CacheSystemPrompt = s.CacheSystemPrompt ? true : null,
        StructuredOutput = s.StructuredOutput,
        AdditionalFieldsJson = s.AdditionalFieldsJson,
        BaselineOverrides = ToDto(s.Baseline, s.Inference),
        CandidateOverrides = ToDto(s.Candidate, s.Inference),
        Judge = s.Judge is { } judge ? new JudgeDto
        {
            ModelId = judge.ModelId,
            Mode = EnumNames<JudgeMode>.Name(judge.Mode),
            Rubric = judge.Rubric,
            Cases = judge.Cases,
            Inference = ToDto(judge.Inference),
        } : null,
        Adaptive = s.Adaptive is { } adaptive ? ToDto(adaptive) : null,
        Batch = s.Batch is { } batch ? ToDto(batch) : null,
        OtherCandidates = s.OtherCandidates.IsDefaultOrEmpty
            ? null
            : [.. s.OtherCandidates.Select(c => new CandidateDto { ModelId = c.ModelId, Overrides = ToDto(c.Overrides, s.Inference) })],
    };

    public static AdaptiveDto ToDto(AdaptiveSettings adaptive) => new()
    {
        MaxSamples = adaptive.MaxSamples,
        MaxCostUsd = adaptive.MaxCostUsd,
        PassConfidence = adaptive.PassConfidence,
        Spending = EnumNames<SpendingFunction>.Name(adaptive.Spending),
    };

    /// <summary>The adaptive settings of a header, checked as the suite key is: a header is read from a file like any other.</summary>
    /// <exception cref="JsonException">A value is out of its range or a name is unknown; the message names the member.</exception>
    private static AdaptiveSettings ToAdaptive(AdaptiveDto d)
    {
        const string Member = "header.suite.adaptive";
        if (d.MaxSamples is < 1 or > SuiteOptionsBinder.MaxSamples)
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"`{Member}.maxSamples` is {d.MaxSamples}; it must be from 1 to {SuiteOptionsBinder.MaxSamples}."));
        }

        if (d.MaxCostUsd is { } cost && !(cost > 0 && double.IsFinite(cost)))
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"`{Member}.maxCostUsd` is {cost}; it must be above 0."));
        }

        if (d.PassConfidence is not (> 0.5 and < 1))
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"`{Member}.passConfidence` is {d.PassConfidence}; it must be between 0.5 and 1, exclusive."));
        }

        return new AdaptiveSettings(d.MaxSamples, d.MaxCostUsd, d.PassConfidence, EnumNames<SpendingFunction>.Parse(d.Spending, $"{Member}.spending"));
    }

    /// <summary>An arm's overrides, its inference keys applied over <paramref name="suiteInference"/>; null when it has none.</summary>
    public static ArmOverridesDto? ToDto(ArmOverrides arm, InferenceSettings suiteInference)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(suiteInference);
        return arm == ArmOverrides.None ? null : new ArmOverridesDto
        {
            System = ToDto(arm.System),
            Inference = arm.Inference?.ApplyTo(suiteInference) is { } inference ? ToDto(inference) : null,
            InferenceKeys = arm.Inference is { } keys ? KeysOf(keys) : null,
            AdditionalFieldsJson = arm.AdditionalFieldsJson,
            StructuredOutput = arm.StructuredOutput,
            PromptSuffix = arm.PromptSuffix,
        };
    }

    public static SystemOverrideDto? ToDto(SystemOverride? system) =>
        system is null ? null : new SystemOverrideDto { Text = system.Text, CachePoint = system.CachePoint };

    /// <summary>The case's conversation; null when it is one user text, which <c>prompt</c> already holds.</summary>
    public static ImmutableArray<TurnDto>? MessagesOf(PromptCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Messages is [{ Role: TurnRole.User, Parts: [TextPart] }]
            ? null
            : [.. c.Messages.Select(t => new TurnDto { Role = EnumNames<TurnRole>.Name(t.Role), Parts = [.. t.Parts.Select(ToDto)] })];
    }

    public static ToolConfigurationDto? ToDto(ToolConfiguration? tools) => tools is null ? null : new ToolConfigurationDto
    {
        Tools = [.. tools.Tools.Select(t => new ToolDto { Name = t.Name, Description = t.Description, InputSchemaJson = t.InputSchemaJson, Strict = t.Strict })],
        Choice = tools.Choice is { } choice ? new ToolChoiceDto { Kind = EnumNames<ToolChoiceKind>.Name(choice.Kind), ToolName = choice.ToolName } : null,
        CachePoint = tools.CachePoint,
    };

    private static PartDto ToDto(ContentPart part) => part switch
    {
        TextPart text => new PartDto { Text = text.Text },
        ImagePart image => new PartDto { Image = new ImagePartDto { Format = image.Format, Path = image.Path, Sha256 = image.Sha256 } },
        DocumentPart document => new PartDto
        {
            Document = new DocumentPartDto { Format = document.Format, Name = document.Name, Path = document.Path, Sha256 = document.Sha256 },
        },
        ToolUsePart use => new PartDto { ToolUse = new ToolUsePartDto { ToolUseId = use.ToolUseId, Name = use.Name, InputJson = use.InputJson } },
        ToolResultPart result => new PartDto
        {
            ToolResult = new ToolResultPartDto { ToolUseId = result.ToolUseId, Content = result.Content, IsJson = result.IsJson, IsError = result.IsError },
        },
        CachePointPart => new PartDto { CachePoint = true },
        _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "not a content part the journal knows"),
    };

    /// <exception cref="System.Text.Json.JsonException">The part sets no member, or more than one.</exception>
    private static ContentPart ToPart(PartDto d) => d switch
    {
        { Text: { } text, Image: null, Document: null, ToolUse: null, ToolResult: null, CachePoint: null } => new TextPart(text),
        { Text: null, Image: { } i, Document: null, ToolUse: null, ToolResult: null, CachePoint: null } => new ImagePart(i.Format, i.Path, i.Sha256, ReadOnlyMemory<byte>.Empty),
        { Text: null, Image: null, Document: { } doc, ToolUse: null, ToolResult: null, CachePoint: null } =>
            new DocumentPart(doc.Format, doc.Name, doc.Path, doc.Sha256, ReadOnlyMemory<byte>.Empty),
        { Text: null, Image: null, Document: null, ToolUse: { } u, ToolResult: null, CachePoint: null } => new ToolUsePart(u.ToolUseId, u.Name, u.InputJson),
        { Text: null, Image: null, Document: null, ToolUse: null, ToolResult: { } r, CachePoint: null } => new ToolResultPart(r.ToolUseId, r.Content, r.IsJson, r.IsError),
        { Text: null, Image: null, Document: null, ToolUse: null, ToolResult: null, CachePoint: true } => new CachePointPart(),
        _ => throw new System.Text.Json.JsonException("a content part holds exactly one of `text`, `image`, `document`, `toolUse`, `toolResult` and `cachePoint: true`"),
    };

    private static ArmOverrides ToOverrides(ArmOverridesDto? d, string member) => d is null ? ArmOverrides.None : new ArmOverrides(
        ToSystem(d.System), d.Inference is { } i ? ToOverride(i, d.InferenceKeys, $"{member}.inferenceKeys") : null, d.AdditionalFieldsJson, d.StructuredOutput, d.PromptSuffix);

    // The names of InferenceDto's members, as written: which of them an arm's or a case's inference keys set.
    private const string MaxTokensKey = "maxTokens";
    private const string TemperatureKey = "temperature";
    private const string TopPKey = "topP";
    private const string StopSequencesKey = "stopSequences";

    /// <summary>The members of <see cref="InferenceDto"/> that <paramref name="keys"/> sets, in the DTO's order.</summary>
    private static ImmutableArray<string> KeysOf(InferenceOverride keys) =>
    [
        .. keys.MaxTokens is not null ? [MaxTokensKey] : Array.Empty<string>(),
        .. keys.Temperature.IsSet ? [TemperatureKey] : Array.Empty<string>(),
        .. keys.TopP.IsSet ? [TopPKey] : Array.Empty<string>(),
        .. keys.StopSequences is not null ? [StopSequencesKey] : Array.Empty<string>(),
    ];

    /// <summary>The inference keys written as settings (<paramref name="d"/>) and the names of the members set; every member when <paramref name="keys"/> is absent.</summary>
    /// <exception cref="System.Text.Json.JsonException">A key names no member of the settings.</exception>
    private static InferenceOverride ToOverride(InferenceDto d, ImmutableArray<string>? keys, string member)
    {
        var set = keys ?? [MaxTokensKey, TemperatureKey, TopPKey, StopSequencesKey];
        if (set.FirstOrDefault(k => k is not (MaxTokensKey or TemperatureKey or TopPKey or StopSequencesKey)) is { } unknown)
        {
            throw new System.Text.Json.JsonException($"{member} holds `{unknown}`, which is not one of {MaxTokensKey}, {TemperatureKey}, {TopPKey}, {StopSequencesKey}");
        }

        return new InferenceOverride(
            set.Contains(MaxTokensKey) ? d.MaxTokens : null,
            set.Contains(TemperatureKey) ? Optional<double?>.Of(d.Temperature) : Optional<double?>.Unset,
            set.Contains(TopPKey) ? Optional<double?>.Of(d.TopP) : Optional<double?>.Unset,
            set.Contains(StopSequencesKey) ? d.StopSequences : null);
    }

    public static ReferenceDto ToDto(CaseReference r) => new()
    {
        Text = r.Text,
        ToolCalls = r.ToolCalls.IsDefaultOrEmpty ? null : [.. r.ToolCalls.Select(c => new ToolCallDto { ToolUseId = c.ToolUseId, Name = c.Name, InputJson = c.InputJson })],
        Production = r.Production is { } p ? new ProductionCallDto
        {
            ModelId = p.ModelId,
            RequestId = p.RequestId,
            Timestamp = p.Timestamp,
            Operation = p.Operation,
            LatencyMs = p.LatencyMs,
            InputTokens = p.InputTokens,
            OutputTokens = p.OutputTokens,
        } : null,
    };

    private static CaseReference ToReference(ReferenceDto d) => new(
        d.Text,
        d.ToolCalls is { } calls ? [.. calls.Select(c => new ToolCall(c.ToolUseId, c.Name, c.InputJson))] : [],
        d.Production is { } p ? new ProductionCall(p.ModelId, p.RequestId, p.Timestamp, p.Operation, p.LatencyMs, p.InputTokens, p.OutputTokens) : null);

    private static SystemOverride? ToSystem(SystemOverrideDto? d) => d is null ? null : new SystemOverride(d.Text, d.CachePoint);

    private static InferenceSettings ToInference(InferenceDto d) => new(d.MaxTokens, d.Temperature, d.TopP, d.StopSequences);

    private static ToolConfiguration? ToTools(ToolConfigurationDto? d) => d is null ? null : new ToolConfiguration(
        [.. d.Tools.Select(t => new ToolDefinition(t.Name, t.Description, t.InputSchemaJson, t.Strict))],
        d.Choice is { } c ? new ToolChoice(EnumNames<ToolChoiceKind>.Parse(c.Kind, "header.suite.cases.tools.choice.kind"), c.ToolName) : null,
        d.CachePoint);

    private static Expectation ToExpectation(ExpectationDto e, string member) =>
        new(EnumNames<ExpectationKind>.Parse(e.Kind, member), e.Value, e.JsonPointer);

    private static ExpectationDto ToDto(Expectation e) => new()
    {
        Kind = EnumNames<ExpectationKind>.Name(e.Kind),
        Value = e.Value,
        JsonPointer = e.JsonPointer,
    };

    private static PromptCase ToCase(CaseDto c) => new(
        c.Id,
        c.Messages is { } messages
            ? [.. messages.Select(t => new Turn(EnumNames<TurnRole>.Parse(t.Role, "header.suite.cases.messages.role"), [.. t.Parts.Select(ToPart)]))]
            : [Turn.UserText(c.Prompt)],
        c.SchemaPath,
        c.SchemaJson,
        [.. c.Expectations.Select(e => ToExpectation(e, "header.suite.cases.expectations.kind"))],
        c.Stream,
        c.InvokeBody)
    {
        System = ToSystem(c.System),
        Tools = ToTools(c.Tools),
        ExpectTool = c.ExpectTool is { } t ? new ToolExpectation(t.Name, [.. t.Input.Select(e => ToExpectation(e, "header.suite.cases.expectTool.input.kind"))]) : null,
        StructuredOutput = c.StructuredOutput,
        AdditionalFieldsJson = c.AdditionalFieldsJson,
        Inference = c.Inference is { } inference ? ToOverride(inference, c.InferenceKeys, "header.suite.cases.inferenceKeys") : null,
        Reference = c.Reference is { } reference ? ToReference(reference) : null,
        Judge = c.Judge is { } judge ? new CaseJudge(judge.Skip, judge.Rubric) : null,
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

    private static CaseDto ToDto(PromptCase c, InferenceSettings suiteInference) => new()
    {
        Id = c.Id,
        Prompt = c.Prompt,
        SchemaPath = c.SchemaPath,
        SchemaJson = c.SchemaJson,
        Expectations = [.. c.Expectations.Select(ToDto)],
        Stream = c.Stream,
        InvokeBody = c.InvokeBody,
        Messages = MessagesOf(c),
        System = ToDto(c.System),
        Tools = ToDto(c.Tools),
        ExpectTool = c.ExpectTool is { } t ? new ToolExpectationDto { Name = t.Name, Input = [.. t.Input.Select(ToDto)] } : null,
        StructuredOutput = c.StructuredOutput,
        AdditionalFieldsJson = c.AdditionalFieldsJson,
        Inference = c.Inference?.ApplyTo(suiteInference) is { } inference ? ToDto(inference) : null,
        InferenceKeys = c.Inference is { } keys ? KeysOf(keys) : null,
        Reference = c.Reference is { } reference ? ToDto(reference) : null,
        Judge = c.Judge is { } judge ? new CaseJudgeDto { Skip = judge.Skip, Rubric = judge.Rubric } : null,
    };

    private static SuiteDefinition ToSuite(SuiteDto s) => new(
        s.Name, s.BaselineModelId, s.CandidateModelId, s.Region, s.Samples, s.Concurrency,
        ToInference(s.Inference),
        s.SystemPrompt, s.Stream, s.TimeoutSeconds, s.NoiseFloor,
        s.Invoke is { } invoke ? new InvokeSettings(invoke.BodyTemplate, invoke.TextPointer) : null,
        [.. s.Cases.Select(ToCase)],
        new GateSettings(s.Gates.ConfidenceLevel,
            [.. s.Gates.Gates.Select(g => new GateSpec(EnumNames<GateKind>.Parse(g.Kind, "header.suite.gates.gates.kind"), g.Threshold,
                EnumNames<GateSeverity>.Parse(g.Severity, "header.suite.gates.gates.severity")))]),
        new TrafficSettings(s.Traffic.RequestsPerMonth),
        s.PricingFile)
    {
        Retry = new RetrySettings(s.Retry.MaxAttempts, s.Retry.BaseDelay, s.Retry.MaxDelay),
        CacheSystemPrompt = s.CacheSystemPrompt ?? false,
        StructuredOutput = s.StructuredOutput,
        AdditionalFieldsJson = s.AdditionalFieldsJson,
        Baseline = ToOverrides(s.BaselineOverrides, "header.suite.baselineOverrides"),
        Candidate = ToOverrides(s.CandidateOverrides, "header.suite.candidateOverrides"),
        Judge = s.Judge is { } judge
            ? new JudgeSettings(judge.ModelId, EnumNames<JudgeMode>.Parse(judge.Mode, "header.suite.judge.mode"), judge.Rubric, judge.Cases, ToInference(judge.Inference))
            : null,
        Adaptive = s.Adaptive is { } adaptive ? ToAdaptive(adaptive) : null,
        Batch = s.Batch is { } batch ? ToBatch(batch) : null,
        OtherCandidates = s.OtherCandidates is { } others
            ? [.. others.Select(c => new CandidateSpec(c.ModelId, ToOverrides(c.Overrides, "header.suite.otherCandidates.overrides")))]
            : [],
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
                BatchInputPerMillion = p.BatchInputPerMillion,
                BatchOutputPerMillion = p.BatchOutputPerMillion,
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
            p.Value.ExtendedAccessMultiplier)
        {
            BatchInputPerMillion = p.Value.BatchInputPerMillion,
            BatchOutputPerMillion = p.Value.BatchOutputPerMillion,
        }, StringComparer.Ordinal));

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
