using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class EmulatorProfileTests
{
    private const string Good = """
        seed: 7
        models:
          "anthropic.claude-3-5-sonnet-20241022-v2:0":
            lifecycle: LEGACY
            name: Claude 3.5 Sonnet v2
            provider: Anthropic
            start_of_life: 2024-10-22
            legacy_time: 2025-08-25T00:00:00Z
            public_extended_access_time: 2025-12-01
            end_of_life_time: 2026-03-01
            latency: { median_ms: 800, p99_ms: 2500, first_token_ms: 300 }
            output_tokens: { mean: 120, sd: 30 }
            faults: { fenced_json: 0.03, prose_wrapped: 0.01, invalid_json: 0.02, missing_required: 0.0, wrong_type: 0.5 }
            errors: { throttle: 0.1, server_error: 0.01, service_unavailable: 0.02, model_timeout: 0.03, reset: 0.04, malformed_body: 0.05, midstream: 0.06, slow: 0.07 }
          amazon.nova-micro-v1:0:
            latency:
              fixed_ms: 50
        """;

    [Test]
    public void Parse_GoodProfile_BindsEveryField()
    {
        var profile = EmulatorProfile.Parse(Good, "good.yaml");

        Assert.That(profile.Seed, Is.EqualTo(7));
        Assert.That(profile.Models.Keys, Is.EquivalentTo(new[] { "anthropic.claude-3-5-sonnet-20241022-v2:0", "amazon.nova-micro-v1:0" }));
        var sonnet = profile.Models["anthropic.claude-3-5-sonnet-20241022-v2:0"];
        Assert.Multiple(() =>
        {
            Assert.That(sonnet.Lifecycle, Is.EqualTo(ModelLifecycleStatus.Legacy));
            Assert.That(sonnet.Name, Is.EqualTo("Claude 3.5 Sonnet v2"));
            Assert.That(sonnet.Provider, Is.EqualTo("Anthropic"));
            Assert.That(sonnet.StartOfLife, Is.EqualTo(new DateTimeOffset(2024, 10, 22, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(sonnet.LegacyTime, Is.EqualTo(new DateTimeOffset(2025, 8, 25, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(sonnet.EndOfLifeTime, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(sonnet.Latency, Is.EqualTo(new LatencyProfile(null, 800, 2500, 300)));
            Assert.That(sonnet.OutputTokens, Is.EqualTo(new TokenDistribution(120, 30)));
            Assert.That(sonnet.Faults, Is.EqualTo(new FaultRates { FencedJson = 0.03, ProseWrapped = 0.01, InvalidJson = 0.02, WrongType = 0.5 }));
            Assert.That(sonnet.Errors, Is.EqualTo(new ErrorRates { Throttle = 0.1, ServerError = 0.01, ServiceUnavailable = 0.02, ModelTimeout = 0.03, Reset = 0.04, MalformedBody = 0.05, Midstream = 0.06, Slow = 0.07 }));
            Assert.That(profile.Models["amazon.nova-micro-v1:0"].Latency.FixedMs, Is.EqualTo(50));
            Assert.That(profile.Models["amazon.nova-micro-v1:0"].Lifecycle, Is.EqualTo(ModelLifecycleStatus.Active));
        });
    }

    [Test]
    public void Parse_ManyProblems_ReportsEveryOneWithItsLine()
    {
        const string Bad = """
            seed: abc
            models:
              m.one-v1:0:
                lifecycle: RETIRED
                name: A name that is far too long for the catalog
                start_of_life: not-a-date
                latency: { median_ms: 800 }
                output_tokens: { mean: 0 }
                faults: { fenced_json: 1.5 }
                errors: { throttle: x }
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Bad, "bad.yaml"));

        Assert.That(e!.Problems, Has.Count.EqualTo(8));
        Assert.That(e.Message, Does.Contain("bad.yaml:1 (seed): use a whole number (found `abc`)"));
        Assert.That(e.Message, Does.Contain("bad.yaml:4 (models.m.one-v1:0.lifecycle): `RETIRED` is not a lifecycle; use one of ACTIVE, LEGACY, EOL"));
        Assert.That(e.Message, Does.Contain("bad.yaml:5 (models.m.one-v1:0.name): use 1 to 20 characters"));
        Assert.That(e.Message, Does.Contain("bad.yaml:6 (models.m.one-v1:0.start_of_life): write an ISO-8601 date"));
        Assert.That(e.Message, Does.Contain("bad.yaml:7 (models.m.one-v1:0.latency): give both median_ms and p99_ms"));
        Assert.That(e.Message, Does.Contain("bad.yaml:8 (models.m.one-v1:0.output_tokens.mean): use a mean of at least 1 token (found `0`)"));
        Assert.That(e.Message, Does.Contain("bad.yaml:9 (models.m.one-v1:0.faults.fenced_json): use a rate between 0 and 1 (found `1.5`)"));
        Assert.That(e.Message, Does.Contain("bad.yaml:10 (models.m.one-v1:0.errors.throttle): use a rate between 0 and 1 (found `x`)"));
    }

    [Test]
    public void Parse_UnknownKeys_AreErrorsWithLines()
    {
        const string Typos = """
            seed: 1
            modles: {}
            models:
              m.one-v1:0:
                latency: { fixed_ms: 5, p50_ms: 3 }
                errors: { throttling: 0.1 }
                colour: blue
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Typos, "typo.yaml"));

        Assert.That(e!.Problems, Is.EqualTo(new[]
        {
            "typo.yaml:2 (modles): unknown key `modles` at the top level; did you mean `models`?",
            "typo.yaml:5 (models.m.one-v1:0.latency.p50_ms): unknown key `p50_ms` under `models.m.one-v1:0.latency`; did you mean `p99_ms`?",
            "typo.yaml:6 (models.m.one-v1:0.errors.throttling): unknown key `throttling` under `models.m.one-v1:0.errors`; the keys allowed here are: throttle, server_error, service_unavailable, model_timeout, reset, malformed_body, midstream, slow",
            "typo.yaml:7 (models.m.one-v1:0.colour): unknown key `colour` under `models.m.one-v1:0`; the keys allowed here are: lifecycle, name, provider, start_of_life, legacy_time, public_extended_access_time, end_of_life_time, latency, output_tokens, faults, errors, throttle_bursts, wrong_answers, rules, capabilities, parameter_rules, tool_faults, judge, batch",
        }));
    }

    [Test]
    public void Parse_BatchSection_BindsTheTimingsAndQuotasAndAModelWithoutBatch()
    {
        const string Yaml = """
            models:
              m.batch-v1:0: {}
              m.online-only-v1:0: { batch: false }
            batch:
              submitted_seconds: 1
              validating_seconds: 2
              scheduled_seconds: 0
              stopping_seconds: 0.25
              records_per_second: 500
              min_records: 10
              max_records: 2000
            """;

        var profile = EmulatorProfile.Parse(Yaml, "batch.yaml");

        Assert.That(profile.Batch, Is.EqualTo(new BatchBehaviour
        {
            SubmittedSeconds = 1, ValidatingSeconds = 2, ScheduledSeconds = 0, StoppingSeconds = 0.25, RecordsPerSecond = 500, MinRecords = 10, MaxRecords = 2000,
        }));
        Assert.That(profile.Models["m.batch-v1:0"].BatchSupported, Is.True);
        Assert.That(profile.Models["m.online-only-v1:0"].BatchSupported, Is.False);
        Assert.That(EmulatorProfile.Parse("models: { m.a-v1:0: {} }", "none.yaml").Batch, Is.EqualTo(BatchBehaviour.Default));
    }

    [Test]
    public void Parse_BadBatchSection_NamesEveryFieldAndWhatToWrite()
    {
        const string Yaml = """
            models:
              m.a-v1:0: { batch: sometimes }
            batch:
              records_per_second: 0
              submitted_seconds: -1
              min_records: 500
              max_records: 100
              rate: 3
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Yaml, "batch.yaml"));

        Assert.That(e!.Problems, Is.EquivalentTo(new[]
        {
            "batch.yaml:2 (models.m.a-v1:0.batch): write true or false (false: batch inference jobs refuse the model) (found `sometimes`)",
            "batch.yaml:4 (batch.records_per_second): use a number of records per second above 0 (found `0`)",
            "batch.yaml:5 (batch.submitted_seconds): use a number of seconds from 0 to 86400 (found `-1`)",
            "batch.yaml:4 (batch.min_records): min_records (500) is above max_records (100); no job could run",
            "batch.yaml:8 (batch.rate): unknown key `rate` under `batch`; the keys allowed here are: submitted_seconds, validating_seconds, scheduled_seconds, stopping_seconds, records_per_second, min_records, max_records",
        }));
    }

    [Test]
    public void Parse_ThrottleBursts_BindsAndChecksTheWindow()
    {
        const string Yaml = """
            models:
              m.good-v1:0:
                throttle_bursts: { every: 20, length: 5 }
              m.long-v1:0:
                throttle_bursts: { every: 4, length: 5 }
              m.half-v1:0:
                throttle_bursts: { every: 0, size: 2 }
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Yaml, "bursts.yaml"));

        Assert.That(e!.Problems, Is.EqualTo(new[]
        {
            "bursts.yaml:5 (models.m.long-v1:0.throttle_bursts.length): 5 is more than every (4); a burst is part of its window",
            "bursts.yaml:7 (models.m.half-v1:0.throttle_bursts.size): unknown key `size` under `models.m.half-v1:0.throttle_bursts`; the keys allowed here are: every, length",
            "bursts.yaml:7 (models.m.half-v1:0.throttle_bursts.every): use a whole number of at least 1 (found `0`)",
            "bursts.yaml:7 (models.m.half-v1:0.throttle_bursts): give both every and length; write a mapping like { every: 50, length: 10 } (of every 50 requests, the first 10 are throttled)",
        }));
        Assert.That(EmulatorProfile.Parse(Yaml.Split("  m.long")[0], "ok.yaml").Models["m.good-v1:0"].ThrottleBursts, Is.EqualTo(new ThrottleBursts(20, 5)));
    }

    [Test]
    public void Parse_RulesAndWrongAnswers_BindInOrder()
    {
        const string Yaml = """
            models:
              m.one-v1:0:
                wrong_answers:
                  - { pointer: /summary, value: "N/A", rate: 0.1 }
                rules:
                  - case: ticket-07
                    faults: { fenced_json: 1 }
                    wrong_answers:
                      - { pointer: /category, another_enum_value: true }
                      - { pointer: /priority, value: 3 }
                  - prompt: "(?i)refund"
                    latency: { fixed_ms: 900 }
                    output_tokens: { mean: 300, sd: 0 }
                    errors: { throttle: 0.5 }
            """;

        var model = EmulatorProfile.Parse(Yaml, "rules.yaml").Models["m.one-v1:0"];

        Assert.Multiple(() =>
        {
            Assert.That(model.WrongAnswers.Single(), Is.EqualTo(new WrongAnswer("/summary", null, false, 0.1)).Using<WrongAnswer>(SameWrongAnswer));
            Assert.That(model.WrongAnswers.Single().Value!.GetValue<string>(), Is.EqualTo("N/A"));
            Assert.That(model.Rules, Has.Count.EqualTo(2));
            Assert.That(model.Rules[0].CaseId, Is.EqualTo("ticket-07"));
            Assert.That(model.Rules[0].Faults, Is.EqualTo(new FaultRates { FencedJson = 1 }));
            Assert.That(model.Rules[0].WrongAnswers![0].AnotherEnumValue, Is.True);
            Assert.That(model.Rules[0].WrongAnswers![1].Value!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(model.Rules[1].Prompt!.IsMatch("a REFUND please"), Is.True);
            Assert.That(model.Rules[1].Latency, Is.EqualTo(new LatencyProfile(FixedMs: 900)));
            Assert.That(model.Rules[1].OutputTokens, Is.EqualTo(new TokenDistribution(300, 0)));
            Assert.That(model.Rules[1].Errors, Is.EqualTo(new ErrorRates { Throttle = 0.5 }));
        });
    }

    [Test]
    public void ForCase_MatchingRules_ReplaceWholeSettingsLaterWinning()
    {
        const string Yaml = """
            models:
              m.one-v1:0:
                faults: { prose_wrapped: 0.2 }
                output_tokens: { mean: 50, sd: 0 }
                rules:
                  - { case: a, faults: { fenced_json: 1 }, output_tokens: { mean: 80, sd: 0 } }
                  - { prompt: "fire", output_tokens: { mean: 90, sd: 0 } }
            """;
        var model = EmulatorProfile.Parse(Yaml, "rules.yaml").Models["m.one-v1:0"];

        var both = model.ForCase("a", "on fire");
        var caseOnly = model.ForCase("a", "calm");
        var neither = model.ForCase("b", "calm");

        Assert.Multiple(() =>
        {
            Assert.That(both.Faults, Is.EqualTo(new FaultRates { FencedJson = 1 }));
            Assert.That(both.OutputTokens.Mean, Is.EqualTo(90));
            Assert.That(caseOnly.OutputTokens.Mean, Is.EqualTo(80));
            Assert.That(neither, Is.EqualTo(model));
        });
    }

    [Test]
    public void Parse_BadRules_ReportsEveryProblemWithItsLine()
    {
        const string Yaml = """
            models:
              m.one-v1:0:
                rules:
                  - faults: { fenced_json: 1 }
                  - { prompt: "(unclosed", colour: red }
                  - case: c
                    wrong_answers:
                      - { pointer: category, value: x }
                      - { pointer: /a, value: x, another_enum_value: true }
                      - { value: x }
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Yaml, "rules.yaml"));

        Assert.That(e!.Problems, Has.Count.EqualTo(6), e.Message);
        Assert.That(e.Message, Does.Contain("rules.yaml:4 (models.m.one-v1:0.rules[0]): give case (a case id) or prompt"));
        Assert.That(e.Message, Does.Contain("rules.yaml:5 (models.m.one-v1:0.rules[1].prompt): `(unclosed` is not a .NET regular expression"));
        Assert.That(e.Message, Does.Contain("rules.yaml:5 (models.m.one-v1:0.rules[1].colour): unknown key `colour`"));
        Assert.That(e.Message, Does.Contain("rules.yaml:8 (models.m.one-v1:0.rules[2].wrong_answers[0].pointer): `category` is not a JSON pointer"));
        Assert.That(e.Message, Does.Contain("rules.yaml:9 (models.m.one-v1:0.rules[2].wrong_answers[1]): give either value"));
        Assert.That(e.Message, Does.Contain("rules.yaml:10 (models.m.one-v1:0.rules[2].wrong_answers[2].pointer): `pointer` is required"));
    }

    [Test]
    public void Parse_Judge_BindsItsKeysPerModelAndPerRuleWithDefaults()
    {
        const string Yaml = """
            models:
              m.judge-v1:0:
                judge: { worse: "N/A|(?i)unknown", accuracy: 0.8, position_bias: 0.1, malformed: 0.05 }
                rules:
                  - case: ticket-07
                    judge: { worse: "refund" }
              m.plain-v1:0: {}
            """;

        var profile = EmulatorProfile.Parse(Yaml, "judge.yaml");
        var judge = profile.Models["m.judge-v1:0"].Judge!;
        var rule = profile.Models["m.judge-v1:0"].ForCase("ticket-07", string.Empty).Judge!;

        Assert.Multiple(() =>
        {
            Assert.That(judge.Worse.ToString(), Is.EqualTo("N/A|(?i)unknown"));
            Assert.That(judge.Worse.MatchTimeout, Is.EqualTo(CaseRule.MatchTimeout));
            Assert.That((judge.Accuracy, judge.PositionBias, judge.Malformed), Is.EqualTo((0.8, 0.1, 0.05)));
            Assert.That(rule.Worse.ToString(), Is.EqualTo("refund"));
            Assert.That((rule.Accuracy, rule.PositionBias, rule.Malformed), Is.EqualTo((1.0, 0.0, 0.0)));
            Assert.That(profile.Models["m.judge-v1:0"].ForCase("ticket-08", string.Empty).Judge, Is.SameAs(judge));
            Assert.That(profile.Models["m.plain-v1:0"].Judge, Is.Null);
        });
    }

    [Test]
    public void Parse_BadJudge_ReportsEveryProblemWithItsLine()
    {
        const string Yaml = """
            models:
              m.one-v1:0:
                judge: { accuracy: 1.5, position_bais: 0.1 }
              m.two-v1:0:
                judge:
                  worse: "(unclosed"
                  malformed: -0.1
              m.three-v1:0:
                judge: { worse: "" }
              m.four-v1:0:
                judge: N/A
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Yaml, "judge.yaml"));

        Assert.That(e!.Problems, Has.Count.EqualTo(7), e.Message);
        Assert.That(e.Message, Does.Contain("judge.yaml:3 (models.m.one-v1:0.judge.worse): `worse` is required"));
        Assert.That(e.Message, Does.Contain("judge.yaml:3 (models.m.one-v1:0.judge.accuracy): use a rate between 0 and 1"));
        Assert.That(e.Message, Does.Contain("judge.yaml:3 (models.m.one-v1:0.judge.position_bais): unknown key `position_bais`"));
        Assert.That(e.Message, Does.Contain("did you mean `position_bias`?"));
        Assert.That(e.Message, Does.Contain("judge.yaml:6 (models.m.two-v1:0.judge.worse): `(unclosed` is not a .NET regular expression"));
        Assert.That(e.Message, Does.Contain("judge.yaml:7 (models.m.two-v1:0.judge.malformed): use a rate between 0 and 1"));
        Assert.That(e.Message, Does.Contain("judge.yaml:9 (models.m.three-v1:0.judge.worse): an empty pattern matches every answer"));
        Assert.That(e.Message, Does.Contain("judge.yaml:11 (models.m.four-v1:0.judge): write a mapping like { worse: \"N/A\""));
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void Load_Device_IsRefusedAtOnceAsNotARegularFile()
    {
        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Load("/dev/zero"));

        Assert.That(e!.Message, Does.Contain("the emulator profile `/dev/zero` is a"));
        Assert.That(e.Message, Does.Contain("not a regular file"));
    }

    [Test]
    public void Load_InvalidUtf8_NamesTheFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("profile.yaml");
        File.WriteAllBytes(path, [.. "seed: 1\nmodels:\n  m.one-v1:0: { name: \""u8, 0xC3, 0x28, .. "\" }\n"u8]);

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Load(path));

        Assert.That(e!.Message, Does.Contain("profile.yaml:3"));
        Assert.That(e.Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void Parse_CapabilitiesToolFaultsAndToolCalls_BindOverTheModelsDefaults()
    {
        const string Yaml = """
            models:
              "anthropic.claude-haiku-4-5-20251001-v1:0":
                capabilities: { images: false, max_context_tokens: 1000 }
                tool_faults: { wrong_tool: 0.1, missing_argument: 0.2, no_call: 0.3, invalid_type: 0.4 }
                rules:
                  - case: refund-07
                    tool_call: { name: issue_refund, input: { order_id: A-2002, amount: 19.5, lines: [1, 2] } }
                    tool_faults: { wrong_tool: 1 }
                  - prompt: "gift card"
                    answer: { order_status: unknown, refund_eligible: false }
              "m.custom-v1:0":
                parameter_rules:
                  - set: [temperature, top_k]
                    message: "top_k and temperature together"
                  - equals: { thinking.type: enabled }
                    not_equals: { temperature: 1 }
                    below: { thinking.budget_tokens: 2048 }
                    message: "thinking rule"
              "anthropic.claude-3-5-haiku-20241022-v1:0": {}
            """;

        var profile = EmulatorProfile.Parse(Yaml, "caps.yaml");
        var haiku = profile.Models["anthropic.claude-haiku-4-5-20251001-v1:0"];
        var custom = profile.Models["m.custom-v1:0"];

        Assert.Multiple(() =>
        {
            Assert.That(haiku.Capabilities!.Images, Is.False);
            Assert.That(haiku.Capabilities.Tools, Is.True, "what the profile does not say keeps the id's default");
            Assert.That(haiku.Capabilities.MaxContextTokens, Is.EqualTo(1000));
            Assert.That(haiku.Capabilities.ParameterRules, Does.Contain(ModelCapabilities.TemperatureWithTopP));
            Assert.That(haiku.ToolFaults, Is.EqualTo(new ToolFaultRates { WrongTool = 0.1, MissingArgument = 0.2, NoCall = 0.3, InvalidType = 0.4 }));
            var rule = haiku.Rules[0];
            Assert.That(haiku.Rules[1].Answer!.ToJsonString(), Is.EqualTo("""{"order_status":"unknown","refund_eligible":false}"""));
            Assert.That(rule.ToolCall!.Name, Is.EqualTo("issue_refund"));
            Assert.That(rule.ToolCall.Input!.ToJsonString(), Is.EqualTo("""{"order_id":"A-2002","amount":19.5,"lines":[1,2]}"""));
            Assert.That(rule.ToolFaults, Is.EqualTo(new ToolFaultRates { WrongTool = 1 }));
            Assert.That(custom.Capabilities!.ParameterRules.Select(r => r.Message), Is.EqualTo(new[] { "top_k and temperature together", "thinking rule" }));
            Assert.That(custom.Capabilities.ParameterRules[0].Set, Is.EqualTo(new[] { "temperature", "top_k" }));
            Assert.That(custom.Capabilities.ParameterRules[1].Below["thinking.budget_tokens"], Is.EqualTo(2048));
            Assert.That(profile.Models["anthropic.claude-3-5-haiku-20241022-v1:0"].Capabilities, Is.Null, "no capabilities key: the id's defaults at serve time");
        });
    }

    [Test]
    public void Parse_BadCapabilities_ReportsEveryProblemWithItsLine()
    {
        const string Yaml = """
            models:
              m.one-v1:0:
                capabilities: { tools: maybe, vision: true, max_context_tokens: 0 }
                parameter_rules:
                  - { message: "no condition" }
                  - { set: [temperature], below: { top_p: high } }
                tool_faults: { wrong_tool: 2 }
                rules:
                  - case: c
                    tool_call: { input: { a: 1 } }
                  - case: d
                    answer: shipped
            """;

        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse(Yaml, "caps.yaml"));

        Assert.That(e!.Problems, Has.Count.EqualTo(9), e.Message);
        Assert.That(e.Message, Does.Contain("caps.yaml:12 (models.m.one-v1:0.rules[1].answer): "));
        Assert.That(e.Message, Does.Contain("caps.yaml:3 (models.m.one-v1:0.capabilities.tools): "));
        Assert.That(e.Message, Does.Contain("caps.yaml:3 (models.m.one-v1:0.capabilities.vision): unknown key `vision`"));
        Assert.That(e.Message, Does.Contain("caps.yaml:3 (models.m.one-v1:0.capabilities.max_context_tokens): "));
        Assert.That(e.Message, Does.Contain("caps.yaml:5 (models.m.one-v1:0.parameter_rules[0]): give at least one condition"));
        Assert.That(e.Message, Does.Contain("caps.yaml:6 (models.m.one-v1:0.parameter_rules[1].message): `message` is required"));
        Assert.That(e.Message, Does.Contain("caps.yaml:6 (models.m.one-v1:0.parameter_rules[1].below.top_p): "));
        Assert.That(e.Message, Does.Contain("caps.yaml:7 (models.m.one-v1:0.tool_faults.wrong_tool): "));
        Assert.That(e.Message, Does.Contain("caps.yaml:10 (models.m.one-v1:0.rules[0].tool_call.name): `name` is required"));
    }

    private static bool SameWrongAnswer(WrongAnswer a, WrongAnswer b) =>
        a.Pointer == b.Pointer && a.AnotherEnumValue == b.AnotherEnumValue && a.Rate == b.Rate;

    [Test]
    public void Parse_BrokenYaml_ReportsSyntaxWithLine()
    {
        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse("seed: 1\nmodels:\n  a: [1, 2\n", "broken.yaml"));

        Assert.That(e!.Message, Does.Match(@"broken\.yaml:\d+: the YAML is malformed at column \d+"));
    }

    [Test]
    public void Parse_DuplicateModelId_IsAnError()
    {
        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse("models:\n  a.b-v1:0: {}\n  a.b-v1:0: {}\n", "dup.yaml"));

        Assert.That(e!.Message, Does.Contain("dup.yaml:3: the YAML is malformed at column 3: Duplicate key a.b-v1:0"));
    }

    [Test]
    public void Parse_NoModels_IsAnError()
    {
        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse("seed: 1\n", "empty.yaml"));

        Assert.That(e!.Message, Does.Contain("empty.yaml:1 (models): `models` is required; add it"));
    }

    [Test]
    public void Parse_EmptyFile_SaysWhatAProfileStartsWith()
    {
        var e = Assert.Throws<EmulatorProfileException>(() => EmulatorProfile.Parse("", "empty.yaml"));

        Assert.That(e!.Message, Is.EqualTo("The emulator profile has 1 problem:\n  - empty.yaml: the emulator profile file is empty; start with seed: and models: (see docs/emulator.md)"));
    }

    [Test]
    public void Load_MissingFile_IsAProfileError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-profile-{Guid.NewGuid():N}.yaml");

        Assert.That(() => EmulatorProfile.Load(path), Throws.TypeOf<EmulatorProfileException>().With.Message.Contains(path));
    }

    [Test]
    public void Parse_TheProfilesInTheDocs_AreValid()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "emulator.md"));
        // A block ends at a fence on its own line (a comment may mention ```json fences).
        var blocks = doc.Split("```yaml\n").Skip(1).Select(b => b[..b.IndexOf("\n```", StringComparison.Ordinal)]).ToList();

        var profiles = blocks.Select(yaml => EmulatorProfile.Parse(yaml, "docs/emulator.md")).ToList();

        Assert.That(profiles, Has.Count.EqualTo(5));
        Assert.That(profiles[0].Models.Single().Value.Lifecycle, Is.EqualTo(ModelLifecycleStatus.Legacy));
        Assert.That(profiles[0].Models.Single().Value.Capabilities!.StructuredOutput, Is.False);
        Assert.That(profiles[0].Models.Single().Value.ToolFaults, Is.EqualTo(new ToolFaultRates()));
        Assert.That(profiles[1].Models.Single().Value.Rules, Has.Count.EqualTo(3));
        Assert.That(profiles[2].Models.Single().Value.Capabilities!.ParameterRules, Has.Count.EqualTo(3));
        Assert.That(profiles[3].Models.Single().Value.Judge, Is.EqualTo(profiles[3].Models.Single().Value.Judge! with { Accuracy = 0.85, PositionBias = 0.1, Malformed = 0 }));
        Assert.That(profiles[3].Models.Single().Value.Judge!.Worse.ToString(), Is.EqualTo("N/A"));
        Assert.That(profiles[4].Batch, Is.EqualTo(BatchBehaviour.Default), "the batch keys' documented defaults are the defaults");
        Assert.That(profiles[4].Models.Single().Value.BatchSupported, Is.False);
    }

    [Test]
    public async Task Default_ServesAndListsItsModels()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorProfile.Default);

        using var response = await emulator.Client.GetAsync(new Uri("/foundation-models", UriKind.Relative));
        var ids = (await EmulatorHttp.ReadJsonAsync(response))["modelSummaries"]!.AsArray().Select(m => m!["modelId"]!.GetValue<string>());

        Assert.That(ids, Is.EquivalentTo(EmulatorProfile.Default.Models.Keys));
    }

    [Test]
    public void SigV4KeyParse_KeyColonSecret_SplitsAtFirstColonAndHidesSecret()
    {
        var key = SigV4Key.Parse("AKID:se:cret");

        Assert.That(key, Is.EqualTo(new SigV4Key("AKID", "se:cret")));
        Assert.That(key.ToString(), Does.Not.Contain("se:cret"));
        Assert.That(() => SigV4Key.Parse("nocolon"), Throws.TypeOf<FormatException>());
    }
}
