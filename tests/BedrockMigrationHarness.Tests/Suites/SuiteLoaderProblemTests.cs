using System.Globalization;
using System.Text;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>Broken suites: each must produce exactly the expected problems, with line and field.</summary>
public sealed class SuiteLoaderProblemTests
{
    // Lines 1-3; tests add their keys from line 4 on.
    private const string Header = "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\n";
    private const string OneCase = "cases:\n  - id: one\n    prompt: hi\n";

    /// <summary>One expected problem: its file (null: the suite file), line, field and a part of its message ({dir}: the suite's folder).</summary>
    public sealed record Expected(int? Line, string? Field, string MessagePart, string? File = null);

    private static readonly (string Path, string Content)[] SupportFiles =
    [
        ("schemas/ok.json", """{ "type": "object", "properties": { "category": { "type": "string" } } }"""),
        ("schemas/not-json.json", "{ \"type\": \"object\",\n  \"properties\": { oops } }"),
        ("schemas/array.json", "[1, 2]"),
        ("schemas/not-schema.json", """{ "type": "object", "properties": { "a": 5 } }"""),
        ("schemas/external-ref.json", """{ "type": "object", "properties": { "a": { "$ref": "other.json#/x" } } }"""),
        ("schemas/unknown-keyword.json", """{ "type": "object", "properties": { "requried": { "enum": ["minLenght"] }, "a": { "type": "string", "minLenght": 1 } } }"""),
        ("schemas/own-keyword.json", """{ "type": "object", "properties": { "a": { "type": "string", "units": "eur" } } }"""),
        ("schemas/other-draft-keyword.json", """{ "type": "object", "dependencies": { "a": ["b"] } }"""),
        ("schemas/tuple-without-draft.json", """{ "type": "array", "items": [{ "type": "string" }, { "type": "integer" }] }"""),
        ("schemas/draft-04.json", """{ "$schema": "http://json-schema.org/draft-04/schema#", "type": "object" }"""),
        ("schemas/annotation-only.json", """{ "type": "string", "contentMediaType": "application/json" }"""),
        ("schemas/unknown-format.json", """{ "type": "object", "properties": { "at": { "type": "string", "format": "datetime" } } }"""),
        ("schemas/bad-regex.json", """{ "type": "string", "pattern": "\\p{Letter}" }"""),
        ("table.csv", "row_id,ticket\n1,Printer on fire\n2,Password reset\n"),
        ("empty.csv", ""),
        ("bad-quote.csv", "row_id,ticket\n1,\"fine\"\n2,\"un\"terminated\n"),
        ("short-row.csv", "row_id,ticket\n1,a\n2\n"),
        ("header-only.csv", "row_id,ticket\n"),
        ("dup-ids.csv", "id,ticket\nsame,a\nsame,b\n"),
        ("bodies/bad.json.sbn", "{\"text\": {{ prompt }}}"),
        ("bodies/huge.json.sbn", "{}" + new string(' ', (int)InputFileKind.BodyTemplate.MaxBytes)),
        ("schemas/folder/inside.json", "{}"),
        ("judged/one.yaml", "prompt: hi\njudge: { rubric: \"Shorter wins.\" }\n"),
        ("rubrics/blank.md", " \n\n"),
        ("prices.yaml", "models:\n  \"a.model-v1:0\":\n    { input_per_million: 1e308, output_per_million: 1, as_of: 2026-01-01, source: test }\n"),
    ];

    /// <summary>Files that are not UTF-8: Latin-1 bytes (0xE9 is é) and a lone 0xFF.</summary>
    private static readonly (string Path, byte[] Content)[] BinarySupportFiles =
    [
        ("latin1.csv", [.. "row_id,ticket\n1,fine\n2,caf"u8, 0xE9, .. "\n"u8]),
        ("schemas/not-utf8.json", [.. "{ \"type\": \"object\",\n  \"description\": \""u8, 0xFF, .. "\" }"u8]),
        ("bodies/not-utf8.json.sbn", [.. "{}\n\n"u8, 0xC3, 0x28]),
        ("schemas/bom.json", [0xEF, 0xBB, 0xBF, .. "{ \"type\": \"object\" }"u8]),
    ];

    /// <summary>Symbolic links: one leading out of the suite's folder, one staying inside.</summary>
    private static readonly (string Path, string Target)[] Links =
    [
        ("schemas/escape.json", "../../outside.json"),
        ("schemas/inner-link.json", "ok.json"),
    ];

    private static IEnumerable<TestCaseData> BrokenSuites()
    {
        static TestCaseData Case(string name, string yaml, params Expected[] expected) =>
            new TestCaseData(yaml, expected).SetName($"Load_{name}_ReportsExactly");

        yield return Case("MalformedYaml", Header + "samples: [1, 2\n" + OneCase,
            new Expected(5, null, "the YAML is malformed"));
        yield return Case("TopLevelList", "- a\n- b\n",
            new Expected(1, null, "the top level must be a mapping"));
        yield return Case("EmptyFile", "",
            new Expected(null, null, "the suite file is empty"));
        yield return Case("MissingRequiredKeys", "samples: 2\n" + OneCase,
            new Expected(1, "name", "`name` is required"),
            new Expected(1, "baseline", "`baseline` is required"),
            new Expected(1, "candidate", "`candidate` is required"));
        yield return Case("EmptyRequiredValue", "name: t\nbaseline:\ncandidate: b\n" + OneCase,
            new Expected(2, "baseline", "`baseline` is required but has no value"));
        yield return Case("BadName", "name: my suite\nbaseline: a\ncandidate: b\n" + OneCase,
            new Expected(1, "name", "name may contain only letters"));
        yield return Case("ModelIdWithSpace", "name: t\nbaseline: \"anthropic claude\"\ncandidate: b\n" + OneCase,
            new Expected(2, "baseline", "baseline must be a Bedrock model id"));
        yield return Case("UnknownTopKey", Header + "sample: 5\n" + OneCase,
            new Expected(4, "sample", "did you mean `samples`?"));
        yield return Case("UnknownKeyNoSuggestion", Header + "banana: 5\n" + OneCase,
            new Expected(4, "banana", "the keys allowed here are: name, baseline"));
        yield return Case("UnknownNestedKey", Header + "inference:\n  max_token: 5\n" + OneCase,
            new Expected(5, "inference.max_token", "did you mean `max_tokens`?"));
        yield return Case("SamplesNotANumber", Header + "samples: many\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000, e.g. samples: 5 (found `many`)"));
        yield return Case("SamplesZero", Header + "samples: 0\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000"));
        yield return Case("SamplesFraction", Header + "samples: 2.5\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000"));
        yield return Case("ConcurrencyNegative", Header + "concurrency: -1\n" + OneCase,
            new Expected(4, "concurrency", "concurrency must be a whole number from 1 to 1000"));
        yield return Case("ConcurrencyZero", Header + "concurrency: 0\n" + OneCase,
            new Expected(4, "concurrency", "concurrency must be a whole number from 1 to 1000"));
        yield return Case("SamplesNegative", Header + "samples: -3\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000"));
        yield return Case("RetryOutOfRange", Header + "retry:\n  max_attempts: 0\n  base_delay_ms: -5\n  max_delay_ms: 700000\n" + OneCase,
            new Expected(5, "retry.max_attempts", "max_attempts (calls per planned attempt, the first included) must be a whole number from 1 to 10"),
            new Expected(6, "retry.base_delay_ms", "base_delay_ms must be a whole number of milliseconds from 0 to 600000"),
            new Expected(7, "retry.max_delay_ms", "max_delay_ms must be a whole number of milliseconds from 0 to 600000"));
        yield return Case("RetryCapBelowBase", Header + "retry: { base_delay_ms: 1000, max_delay_ms: 10 }\n" + OneCase,
            new Expected(4, "retry.max_delay_ms", "max_delay_ms (10) must not be below base_delay_ms (1000)"));
        yield return Case("RetryUnknownKey", Header + "retry: { max_attempt: 3 }\n" + OneCase,
            new Expected(4, "retry.max_attempt", "did you mean `max_attempts`?"));
        yield return Case("RetryNotMapping", Header + "retry: 3\n" + OneCase,
            new Expected(4, "retry", "retry must be a mapping"));
        yield return Case("TimeoutZero", Header + "timeout_seconds: 0\n" + OneCase,
            new Expected(4, "timeout_seconds", "timeout_seconds must be a number of seconds > 0 and ≤ 3600"));
        yield return Case("SamplesTwoBillion", Header + "samples: 2000000000\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000, e.g. samples: 5 (found `2000000000`)"));
        yield return Case("SamplesBeyondLong", Header + "samples: 99999999999999999999999\n" + OneCase,
            new Expected(4, "samples", "samples must be a whole number from 1 to 10000"));
        yield return Case("ConcurrencyHuge", Header + "concurrency: 1_000_000\n" + OneCase,
            new Expected(4, "concurrency", "concurrency must be a whole number from 1 to 1000, e.g. concurrency: 4 (found `1_000_000`)"));
        yield return Case("TimeoutOverflowsTimeSpan", Header + "timeout_seconds: 1e308\n" + OneCase,
            new Expected(4, "timeout_seconds", "timeout_seconds must be a number of seconds > 0 and ≤ 3600 (one hour), e.g. timeout_seconds: 60 (found `1e308`)"));
        yield return Case("TimeoutNaN", Header + "timeout_seconds: .nan\n" + OneCase,
            new Expected(4, "timeout_seconds", "(found `.nan`)"));
        yield return Case("TimeoutNaNWord", Header + "timeout_seconds: NaN\n" + OneCase,
            new Expected(4, "timeout_seconds", "(found `NaN`)"));
        yield return Case("TimeoutInfinity", Header + "timeout_seconds: .inf\n" + OneCase,
            new Expected(4, "timeout_seconds", "(found `.inf`)"));
        yield return Case("MaxTokensHuge", Header + "inference: { max_tokens: 4294967296 }\n" + OneCase,
            new Expected(4, "inference.max_tokens", "max_tokens must be a whole number from 1 to 1000000"));
        yield return Case("RequestsPerMonthHuge", Header + "traffic: { requests_per_month: 9223372036854775807 }\n" + OneCase,
            new Expected(4, "traffic.requests_per_month", "requests_per_month must be a whole number from 1 to 1000000000000"));
        yield return Case("TemperatureNaN", Header + "inference: { temperature: NaN, top_p: 1e308 }\n" + OneCase,
            new Expected(4, "inference.temperature", "temperature must be a number from 0 to 1"),
            new Expected(4, "inference.top_p", "top_p must be a number from 0 to 1"));
        yield return Case("PriceHuge", Header + "pricing: prices.yaml\n" + OneCase,
            new Expected(3, "models.a.model-v1:0.input_per_million", "a number from 0 to 100000", "prices.yaml"));
        yield return Case("StreamNotBool", Header + "stream: sometimes\n" + OneCase,
            new Expected(4, "stream", "stream must be true"));
        yield return Case("InferenceOutOfRange", Header + "inference:\n  max_tokens: 0\n  temperature: 1.5\n  top_p: -0.1\n" + OneCase,
            new Expected(5, "inference.max_tokens", "max_tokens must be a whole number from 1 to 1000000"),
            new Expected(6, "inference.temperature", "temperature must be a number from 0 to 1"),
            new Expected(7, "inference.top_p", "top_p must be a number from 0 to 1"));
        yield return Case("InferenceNotMapping", Header + "inference: 512\n" + OneCase,
            new Expected(4, "inference", "inference must be a mapping"));
        yield return Case("NoCasesKey", Header,
            new Expected(1, "cases", "the suite has no cases: add at least one under cases:"));
        yield return Case("EmptyCases", Header + "cases: []\n",
            new Expected(4, "cases", "the suite has no cases: add at least one under cases:"));
        yield return Case("CaseWithoutPromptOrTable", Header + "cases:\n  - id: lonely\n",
            new Expected(5, "cases[0].prompt", "the case has no prompt"));
        yield return Case("CaseWithoutId", Header + "cases:\n  - prompt: hi\n",
            new Expected(5, "cases[0].id", "`id` is required"));
        yield return Case("MisspeltCaseKey", Header + "cases:\n  - id: one\n    promt: hi\n",
            new Expected(6, "cases[0].promt", "did you mean `prompt`?"),
            new Expected(5, "cases[0].prompt", "the case has no prompt"));
        yield return Case("DuplicateIds", Header + "cases:\n  - id: same\n    prompt: a\n  - id: same\n    prompt: b\n",
            new Expected(7, "cases[1].id", "case id `same` is used twice: here and at {dir}/suite.yaml:5 (cases[0].id)"));
        yield return Case("DuplicateIdsInTable", Header + "cases:\n  - table: dup-ids.csv\n    prompt: \"{{ ticket }}\"\n",
            new Expected(3, "cases[0]", "case id `same` is used twice: here and at {dir}/dup-ids.csv:2", "dup-ids.csv"));
        yield return Case("BadCaseId", Header + "cases:\n  - id: \"has space\"\n    prompt: a\n",
            new Expected(5, "cases[0].id", "case id `has space` may contain only letters"));
        yield return Case("SchemaMissing", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/nope.json\n",
            new Expected(7, "cases[0].schema", "the schema `schemas/nope.json` was not found"));
        // A schema file that is not found is one problem, not also "has no schema" for each use of it.
        yield return Case("SchemaMissingButUsed", Header + "cases:\n  - id: one\n    prompt: \"Match {{ schema }}\"\n    schema: schemas/nope.json\n    structured_output: true\n",
            new Expected(7, "cases[0].schema", "the schema `schemas/nope.json` was not found"));
        yield return Case("SchemaNotJson", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/not-json.json\n",
            new Expected(2, null, "the schema is not valid JSON", "schemas/not-json.json"));
        yield return Case("SchemaNotObject", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/array.json\n",
            new Expected(1, null, "a schema must be a JSON object", "schemas/array.json"));
        yield return Case("SchemaNotSchema", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/not-schema.json\n",
            new Expected(null, null, "not a valid JSON Schema", "schemas/not-schema.json"));
        yield return Case("SchemaExternalRef", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/external-ref.json\n",
            new Expected(null, null, "the schema refers to `other.json#/x` outside itself", "schemas/external-ref.json"));
        yield return Case("SchemaUnknownKeyword", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/unknown-keyword.json\n",
            new Expected(null, null, "the schema uses `minLenght` (at #/properties/a/minLenght), which is not a draft 2020-12 keyword, so the validator would ignore it "
                + "and every answer would pass it: did you mean `minLength`?", "schemas/unknown-keyword.json"));
        yield return Case("SchemaOwnKeyword", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/own-keyword.json\n",
            new Expected(null, null, "the schema uses `units` (at #/properties/a/units), which is not a draft 2020-12 keyword, so the validator would ignore it "
                + "and every answer would pass it: a keyword of your own must start with `x-`", "schemas/own-keyword.json"));
        yield return Case("SchemaOtherDraftKeyword", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/other-draft-keyword.json\n",
            new Expected(null, null, "the schema uses `dependencies` (at #/dependencies), which is not a draft 2020-12 keyword, so the validator would ignore it "
                + "and every answer would pass it: it is a keyword of draft-07 (\"$schema\": \"http://json-schema.org/draft-07/schema#\")", "schemas/other-draft-keyword.json"));
        yield return Case("SchemaTupleWithoutDraft", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/tuple-without-draft.json\n",
            new Expected(null, null, "The schema has no `$schema`, so it is read as draft 2020-12; it is valid draft-07: "
                + "add \"$schema\": \"http://json-schema.org/draft-07/schema#\" to keep that draft's meaning (e.g. array-form `items`)", "schemas/tuple-without-draft.json"));
        yield return Case("SchemaUnsupportedDraft", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/draft-04.json\n",
            new Expected(null, "$schema", "the schema declares \"$schema\": \"http://json-schema.org/draft-04/schema#\", a JSON Schema draft the harness's validator "
                + "does not support: use one of \"http://json-schema.org/draft-06/schema#\" (draft-06), \"http://json-schema.org/draft-07/schema#\" (draft-07), "
                + "\"https://json-schema.org/draft/2019-09/schema\" (draft 2019-09), \"https://json-schema.org/draft/2020-12/schema\" (draft 2020-12), "
                + "or leave `$schema` out for draft 2020-12", "schemas/draft-04.json"));
        yield return Case("SchemaAnnotationOnlyKeyword", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/annotation-only.json\n",
            new Expected(null, null, "the schema uses `contentMediaType` (at #/contentMediaType), which the validator reads as an annotation and does not check", "schemas/annotation-only.json"));
        yield return Case("SchemaUnknownFormat", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/unknown-format.json\n",
            new Expected(null, null, "the schema's `format` \"datetime\" (at #/properties/at/format) is not one the validator knows, so every answer would pass it: "
                + "did you mean `date-time`?", "schemas/unknown-format.json"));
        yield return Case("SchemaRegexDotNetDoesNotParse", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/bad-regex.json\n",
            new Expected(null, null, "the file is JSON but not a valid JSON Schema (draft 2020-12): Invalid pattern '\\p{Letter}'", "schemas/bad-regex.json"));
        yield return Case("SchemaVarWithoutSchema", Header + "cases:\n  - id: one\n    prompt: \"Match {{ schema }}\"\n",
            new Expected(6, "cases[0].prompt", "uses {{ schema }} but cases[0] has no schema:"));
        yield return Case("TableMissing", Header + "cases:\n  - table: nope.csv\n    prompt: hi\n",
            new Expected(5, "cases[0].table", "the table `nope.csv` was not found"));
        yield return Case("TableEmpty", Header + "cases:\n  - table: empty.csv\n    prompt: hi\n",
            new Expected(null, null, "the table is empty", "empty.csv"));
        yield return Case("TableMalformedQuotes", Header + "cases:\n  - table: bad-quote.csv\n    prompt: hi\n",
            new Expected(3, null, "the CSV is malformed", "bad-quote.csv"));
        yield return Case("TableShortRow", Header + "cases:\n  - table: short-row.csv\n    prompt: \"{{ ticket }}\"\n",
            new Expected(3, null, "this row has 1 fields but the header has 2", "short-row.csv"));
        yield return Case("TableHeaderOnly", Header + "cases:\n  - table: header-only.csv\n    prompt: hi\n",
            new Expected(null, null, "the table has a header but no rows", "header-only.csv"));
        yield return Case("TableMissingColumn", Header + "cases:\n  - table: table.csv\n    prompt: \"{{ ticket }} {{ customer }}\"\n",
            new Expected(6, "cases[0].prompt", "uses `customer`, but {dir}/table.csv has no column `customer` (its columns: row_id, ticket)"));
        yield return Case("TemplateDoesNotParse", Header + "cases:\n  - id: one\n    prompt: |\n      line one\n      {{ if }}\n",
            new Expected(8, "cases[0].prompt", "the template does not parse at template line 2"));
        yield return Case("UnknownVars", Header + "cases:\n  - id: one\n    prompt: \"{{ who }} and {{ what }}\"\n",
            new Expected(6, "cases[0].prompt", "case `one` uses `who`, which is not defined"),
            new Expected(6, "cases[0].prompt", "case `one` uses `what`, which is not defined"));
        yield return Case("EmptyPrompt", Header + "cases:\n  - id: one\n    prompt: \"  \"\n",
            new Expected(6, "cases[0].prompt", "the prompt of case `one` renders to empty text"));
        yield return Case("EmptySystem", Header + "system: \"{{ nothing }}\"\nvars: { nothing: \"\" }\n" + OneCase,
            new Expected(4, "system", "the system prompt renders to empty text"));
        yield return Case("SystemUnknownVar", Header + "system: \"You are {{ role }}\"\n" + OneCase,
            new Expected(4, "system", "the system prompt uses `role`"));
        yield return Case("BadVarName", Header + "vars: { my-var: 1 }\n" + OneCase,
            new Expected(4, "vars", "a var name must be letters, digits and `_`"));
        yield return Case("RegexDoesNotCompile", Header + "cases:\n  - id: one\n    prompt: hi\n    expect:\n      - regex: \"([a-z\"\n",
            new Expected(8, "cases[0].expect[0].regex", "the regex `([a-z` of case `one` does not compile"));
        yield return Case("PointerWithoutSlash", Header + "cases:\n  - id: one\n    prompt: hi\n    expect:\n      - pointer: category\n        equals: x\n",
            new Expected(8, "cases[0].expect[0].pointer", "a pointer is a JSON Pointer (RFC 6901) starting with `/`"));
        yield return Case("ExpectationWithoutCheck", Header + "cases:\n  - id: one\n    prompt: hi\n    expect:\n      - pointer: /a\n",
            new Expected(8, "cases[0].expect[0]", "an expectation needs one of equals:, contains: or regex:"));
        yield return Case("ExpectationWithTwoChecks", Header + "cases:\n  - id: one\n    prompt: hi\n    expect:\n      - { equals: a, contains: b }\n",
            new Expected(8, "cases[0].expect[0]", "an expectation has exactly one of"));
        yield return Case("UnknownGate", Header + "gates:\n  latency_p95_increase: { max_percent: 5 }\n" + OneCase,
            new Expected(5, "gates.latency_p95_increase", "did you mean `latency_p99_increase`?"));
        yield return Case("GateOutOfRange", Header + "gates:\n  confidence: 1.2\n  compliance_floor: { min: 2 }\n  error_rate: { max_percent: -1 }\n" + OneCase,
            new Expected(5, "gates.confidence", "confidence must be a number between 0.5 and 1"),
            new Expected(6, "gates.compliance_floor.min", "min must be a number from 0 to 1"),
            new Expected(7, "gates.error_rate.max_percent", "max_percent must be a number from 0 to 100"));
        yield return Case("GateBadSeverity", Header + "gates:\n  cost_increase: { max_percent: 5, severity: fatal }\n" + OneCase,
            new Expected(5, "gates.cost_increase.severity", "severity must be `blocking`"));
        yield return Case("GateUnknownField", Header + "gates:\n  error_rate: { max_perc: 5 }\n" + OneCase,
            new Expected(5, "gates.error_rate.max_perc", "did you mean `max_percent`?"));
        yield return Case("InvokeWithoutBlock", Header + "api: invoke\n" + OneCase,
            new Expected(4, "invoke", "api: invoke needs an invoke: block"));
        yield return Case("UnknownApi", Header + "api: chat\n" + OneCase,
            new Expected(4, "api", "api must be `converse`"));
        yield return Case("InvokeBlockWithConverse", Header + "invoke: { body_template: \"{}\" }\n" + OneCase,
            new Expected(4, "invoke", "invoke: is only used with api: invoke"));
        yield return Case("InvokeBodyMissing", Header + "api: invoke\ninvoke: { body: nope.sbn }\n" + OneCase,
            new Expected(5, "invoke.body", "the body template `nope.sbn` was not found"));
        yield return Case("InvokeBodyNotJson", Header + "api: invoke\ninvoke: { body: bodies/bad.json.sbn }\n" + OneCase,
            new Expected(1, "invoke.body", "the body rendered for case `one` is not valid JSON", "bodies/bad.json.sbn"));
        yield return Case("InvokeBadTextPointer", Header + "api: invoke\ninvoke: { body_template: \"{}\", text_pointer: content }\n" + OneCase,
            new Expected(5, "invoke.text_pointer", "a pointer is a JSON Pointer"));
        yield return Case("DuplicateYamlKey", Header + "samples: 1\nsamples: 2\n" + OneCase,
            new Expected(5, null, "the YAML is malformed"));
        yield return Case("SchemaOutsideTheFolder", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: ../../etc/passwd\n",
            new Expected(7, "cases[0].schema", "the schema `../../etc/passwd` is outside the suite's folder (it is /"));
        yield return Case("SchemaAbsolutePath", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: /etc/passwd\n",
            new Expected(7, "cases[0].schema", "the schema `/etc/passwd` is outside the suite's folder (it is /etc/passwd); a suite may only use files in its own folder tree"));
        yield return Case("SchemaLinkLeadingOut", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/escape.json\n",
            new Expected(7, "cases[0].schema", "the schema `schemas/escape.json` is outside the suite's folder (a symbolic link leads to /"));
        yield return Case("SchemaLinkInside", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/inner-link.json\n");
        yield return Case("TableOutsideTheFolder", Header + "cases:\n  - table: ../tickets.csv\n    prompt: hi\n",
            new Expected(5, "cases[0].table", "the table `../tickets.csv` is outside the suite's folder"));
        yield return Case("BodyOutsideTheFolder", Header + "api: invoke\ninvoke: { body: ../body.sbn }\n" + OneCase,
            new Expected(5, "invoke.body", "the body template `../body.sbn` is outside the suite's folder"));
        yield return Case("PricingOutsideTheFolder", Header + "pricing: ../pricing.yaml\n" + OneCase,
            new Expected(4, "pricing", "the price file `../pricing.yaml` is outside the suite's folder"));
        yield return Case("AllowFilesOutsideNotBool", Header + "allow_files_outside: maybe\n" + OneCase,
            new Expected(4, "allow_files_outside", "allow_files_outside must be true"));
        yield return Case("SchemaIsDevZero", Header + "allow_files_outside: true\ncases:\n  - id: one\n    prompt: hi\n    schema: /dev/zero\n",
            new Expected(8, "cases[0].schema", "the schema `/dev/zero` is a character device (/dev/zero), not a regular file"));
        yield return Case("SchemaIsAFolder", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/folder\n",
            new Expected(7, "cases[0].schema", "the schema `schemas/folder` is a folder ({dir}/schemas/folder), not a regular file"));
        yield return Case("BodyTemplateTooLarge", Header + "api: invoke\ninvoke: { body: bodies/huge.json.sbn }\n" + OneCase,
            new Expected(5, "invoke.body", "is larger than 1 MiB, the most a body template may hold"));
        yield return Case("TableNotUtf8", Header + "cases:\n  - table: latin1.csv\n    prompt: \"{{ ticket }}\"\n",
            new Expected(3, null, "the table is not valid UTF-8: byte 0xE9 at byte 6 of this line; save the file as UTF-8", "latin1.csv"));
        yield return Case("SchemaNotUtf8", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/not-utf8.json\n",
            new Expected(2, null, "the schema is not valid UTF-8: byte 0xFF at byte 19 of this line", "schemas/not-utf8.json"));
        yield return Case("BodyTemplateNotUtf8", Header + "api: invoke\ninvoke: { body: bodies/not-utf8.json.sbn }\n" + OneCase,
            new Expected(3, null, "the body template is not valid UTF-8: byte 0xC3 at byte 1 of this line", "bodies/not-utf8.json.sbn"));
        yield return Case("SchemaWithByteOrderMark", Header + "cases:\n  - id: one\n    prompt: hi\n    schema: schemas/bom.json\n");
        yield return Case("AliasBomb", Header + AliasBomb(levels: 6) + OneCase,
            new Expected(9, null, "aliases (*d and the others) stand for more than 100,000 values in all, which looks like an alias bomb"));
        yield return Case("NestedOneDeeperThanTheLimit", Header + "vars:\n  deep: " + Nested(BoundedYamlParser.MaxDepth - 1) + "\n" + OneCase,
            new Expected(5, null, "lists and mappings are nested more than 64 deep here"));
        yield return Case("NestedHundredThousandDeep", Header + "vars:\n  deep: " + Nested(100_000) + "\n" + OneCase,
            new Expected(5, null, "lists and mappings are nested more than 64 deep here"));
        yield return Case("NestedDeepThroughAliases", Header + "vars:\n  a: &a " + Nested(40) + "\n  b: " + Nested(30, "*a") + "\n" + OneCase,
            new Expected(6, null, "nested more than 64 deep here (aliases included)"));
        yield return Case("AliasInsideItsOwnAnchor", Header + "vars:\n  loop: &loop [1, *loop]\n" + OneCase,
            new Expected(5, null, "the alias *loop refers to the list or mapping it is inside"));

        // The judge (lines 4 on); its model is j.model-v1:0 where the test is about another key.
        yield return Case("JudgeModelMissing", Header + "judge: { mode: pairwise }\n" + OneCase,
            new Expected(4, "judge.model", "`model` is required; add it, e.g. model: mistral.mistral-large-2407-v1:0"));
        yield return Case("JudgeModelEmpty", Header + "judge:\n  model:\n" + OneCase,
            new Expected(5, "judge.model", "`model` is required but has no value"));
        yield return Case("JudgeModelWithSpace", Header + "judge: { model: \"my judge\" }\n" + OneCase,
            new Expected(4, "judge.model", "judge.model must be a Bedrock model id"));
        yield return Case("JudgeModelIsTheBaseline", Header + "judge: { model: a.model-v1:0 }\n" + OneCase,
            new Expected(4, "judge.model", "judge.model `a.model-v1:0` is the baseline; the judge must be a third model: a judge grading its own answers favours them"));
        yield return Case("JudgeModelIsTheCandidatesProfile", Header + "judge: { model: us.b.model-v1:0 }\n" + OneCase,
            new Expected(4, "judge.model", "judge.model `us.b.model-v1:0` is the candidate; the judge must be a third model"));
        yield return Case("JudgeModeUnknown", Header + "judge: { model: j.model-v1:0, mode: rubric }\n" + OneCase,
            new Expected(4, "judge.mode", "mode must be `pairwise` (the candidate's answer against the baseline's, the default) or `reference` (against the case's reference: answer) (found `rubric`)"));
        yield return Case("JudgeRubricEmpty", Header + "judge: { model: j.model-v1:0, rubric: \"  \" }\n" + OneCase,
            new Expected(4, "judge.rubric", "it is empty: write one, or remove rubric: for the default rubric"));
        yield return Case("JudgeRubricAndRubricFile", Header + "judge: { model: j.model-v1:0, rubric: x, rubric_file: rubrics/blank.md }\n" + OneCase,
            new Expected(4, "judge.rubric_file", "use either rubric: (the text) or rubric_file: (a file of it), not both"));
        yield return Case("JudgeRubricFileMissing", Header + "judge: { model: j.model-v1:0, rubric_file: rubrics/none.md }\n" + OneCase,
            new Expected(4, "judge.rubric_file", "the rubric file `rubrics/none.md` was not found"));
        yield return Case("JudgeRubricFileOutsideTheFolder", Header + "judge: { model: j.model-v1:0, rubric_file: ../rubric.md }\n" + OneCase,
            new Expected(4, "judge.rubric_file", "the rubric file `../rubric.md` is outside the suite's folder"));
        yield return Case("JudgeRubricFileBlank", Header + "judge: { model: j.model-v1:0, rubric_file: rubrics/blank.md }\n" + OneCase,
            new Expected(4, "judge.rubric_file", "the rubric file is empty: write the rubric in it, or remove rubric_file: for the default rubric"));
        yield return Case("CaseJudgeRubricFileBlank", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: { rubric_file: rubrics/blank.md }\n",
            new Expected(8, "cases[0].judge.rubric_file", "the rubric file is empty: write the rubric in it, or remove the case's judge: for the suite's rubric"));
        yield return Case("JudgeReferenceModeWithoutReference", Header + "judge:\n  model: j.model-v1:0\n  mode: reference\n" + OneCase,
            new Expected(6, "judge.mode", "mode: reference compares the candidate's answers with the cases' reference answers, but no case the judge applies to has one; add reference:"));
        yield return Case("JudgeCasePatternMatchesNothing", Header + "judge:\n  model: j.model-v1:0\n  cases:\n    - o*\n    - ticket-*\n    - onr\n" + OneCase,
            new Expected(8, "judge.cases[1]", "`ticket-*` matches no case id (judge.cases lists case ids"),
            new Expected(9, "judge.cases[2]", "`onr` matches no case id; did you mean `one`?"));
        yield return Case("JudgeCasePatternOfABrokenTable", Header + "judge: { model: j.model-v1:0, cases: [row-*] }\ncases:\n  - table: missing.csv\n    id: \"row-{{ n }}\"\n    prompt: hi\n",
            new Expected(6, "cases[0].table", "the table `missing.csv` was not found"));
        yield return Case("JudgeCasesEmpty", Header + "judge: { model: j.model-v1:0, cases: [] }\n" + OneCase,
            new Expected(4, "judge.cases", "it is empty: list the cases to judge, or remove cases: to judge every case"));
        yield return Case("JudgeCasesNotAList", Header + "judge: { model: j.model-v1:0, cases: one }\n" + OneCase,
            new Expected(4, "judge.cases", "cases must be a list of case ids or patterns with `*`"));
        yield return Case("JudgeUnknownKey", Header + "judge: { model: j.model-v1:0, rubrik: x }\n" + OneCase,
            new Expected(4, "judge.rubrik", "unknown key `rubrik` under `judge`; did you mean `rubric`?"));
        yield return Case("JudgeNotAMapping", Header + "judge: j.model-v1:0\n" + OneCase,
            new Expected(4, "judge", "judge must be a mapping, e.g. judge: { model: mistral.mistral-large-2407-v1:0 }"));
        yield return Case("JudgeInferenceOutOfRange", Header + "judge: { model: j.model-v1:0, inference: { temperature: 2, max_token: 9 } }\n" + OneCase,
            new Expected(4, "judge.inference.temperature", "temperature must be a number from 0 to 1"),
            new Expected(4, "judge.inference.max_token", "did you mean `max_tokens`?"));
        yield return Case("JudgeAppliesToNoCase", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: false\n",
            new Expected(4, "judge", "the judge applies to no case: every case it selects says judge: false"));
        yield return Case("CaseJudgeWithoutSuiteJudge", Header + OneCase + "    judge: false\n",
            new Expected(7, "cases[0].judge", "the case's judge: has no effect, because the suite has no judge:; add one at the top level"));
        yield return Case("CaseFileJudgeWithoutSuiteJudge", Header + "cases:\n  - folder: judged\n",
            new Expected(2, "judge", "the case's judge: has no effect, because the suite has no judge:", "judged/one.yaml"));
        yield return Case("CaseJudgeTrue", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: true\n",
            new Expected(8, "cases[0].judge", "every case is judged unless it says judge: false, so judge: true changes nothing: remove it"));
        yield return Case("CaseJudgeNotBool", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: no-thanks\n",
            new Expected(8, "cases[0].judge", "a case's judge must be false (the judge leaves the case out) or { rubric: \"...\" } (its own rubric; or rubric_file: a file of it) (found `no-thanks`)"));
        yield return Case("CaseJudgeRubricEmpty", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: { rubric: \"\" }\n",
            new Expected(8, "cases[0].judge.rubric", "it is empty"));
        yield return Case("CaseJudgeUnknownKey", Header + "judge: { model: j.model-v1:0 }\n" + OneCase + "    judge: { rubrik: x }\n",
            new Expected(8, "cases[0].judge.rubrik", "did you mean `rubric`?"),
            new Expected(8, "cases[0].judge.rubric", "`rubric` is required; add it"));
        yield return Case("QualityGateWithoutJudge", Header + "gates:\n  quality_loss: { max_points: 5 }\n" + OneCase,
            new Expected(5, "gates.quality_loss", "the quality gate needs a judge: add judge: { model: ... } (a third model grading the answers) or remove quality_loss"));
        yield return Case("QualityGateOutOfRange", Header + "judge: { model: j.model-v1:0 }\ngates: { quality_loss: { max_points: 200 } }\n" + OneCase,
            new Expected(5, "gates.quality_loss.max_points", "max_points must be a number from 0 to 100, e.g. max_points: 5 (found `200`)"));
        yield return Case("QualityGateMisspelt", Header + "judge: { model: j.model-v1:0 }\ngates: { quality_los: { max_points: 5 } }\n" + OneCase,
            new Expected(5, "gates.quality_los", "did you mean `quality_loss`?"));
        yield return Case("JudgeBrokenQualityGateListed", Header + "judge: { mode: pairwise }\ngates: { quality_loss: { max_points: 5 } }\n" + OneCase,
            new Expected(4, "judge.model", "`model` is required"));
    }

    /// <summary>"Billion laughs" under <c>vars:</c> from line 5: each level is a list of ten aliases of the level before it.</summary>
    private static string AliasBomb(int levels)
    {
        var yaml = new StringBuilder("vars:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < levels; level++)
        {
            var name = (char)('a' + level);
            var previous = (char)(name - 1);
            yaml.Append(CultureInfo.InvariantCulture, $"  {name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]\n");
        }

        return yaml.ToString();
    }

    /// <summary><paramref name="depth"/> flow lists nested in one another around <paramref name="inner"/>.</summary>
    private static string Nested(int depth, string inner = "1") => new string('[', depth) + inner + new string(']', depth);

    [TestCaseSource(nameof(BrokenSuites))]
    public void Load_BrokenSuite_ReportsExactlyTheExpectedProblems(string yaml, Expected[] expected)
    {
        using var dir = new SuiteDirectory();
        foreach (var (path, content) in SupportFiles)
        {
            dir.Write(path, content);
        }

        foreach (var (path, content) in BinarySupportFiles)
        {
            File.WriteAllBytes(Path.Combine(dir.Root, path), content);
        }

        foreach (var (path, target) in Links)
        {
            File.CreateSymbolicLink(Path.Combine(dir.Root, path), target);
        }

        dir.WriteSuite(yaml);

        var problems = LoadProblems(dir);

        Assert.That(problems, Has.Length.EqualTo(expected.Length), () => string.Join("\n", problems));
        for (var i = 0; i < expected.Length; i++)
        {
            var want = expected[i] with { MessagePart = expected[i].MessagePart.Replace("{dir}", dir.Root, StringComparison.Ordinal) };
            var file = want.File is null ? dir.SuitePath : Path.Combine(dir.Root, want.File);
            var match = problems.FirstOrDefault(p => p.Line == want.Line && p.Field == want.Field && p.Message.Contains(want.MessagePart, StringComparison.Ordinal));
            Assert.That(match, Is.Not.Null, () => $"expected {want} among:\n{string.Join("\n", problems)}");
            Assert.That(match!.File, Is.EqualTo(file));
        }
    }

    [Test]
    public void Load_SuiteWithManyProblems_ListsThemAllInOneExceptionByLine()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: bad name
            baseline: a.model-v1:0
            samples: many
            concurency: 2
            inference: { temperature: 3 }
            cases:
              - id: dup
                prompt: "{{ nope }}"
              - id: dup
                prompt: ok
                schema: missing.json
            gates:
              error_rate: { max_percent: 5, severity: maybe }
            """);

        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.SuitePath));

        Assert.That(e!.Problems.Select(p => (p.Line, p.Field)), Is.EqualTo(new (int?, string?)[]
        {
            (1, "name"),
            (1, "candidate"),
            (3, "samples"),
            (4, "concurency"),
            (5, "inference.temperature"),
            (8, "cases[0].prompt"),
            (9, "cases[1].id"),
            (11, "cases[1].schema"),
            (13, "gates.error_rate.severity"),
        }));
        Assert.That(e.Message, Does.StartWith("The suite has 9 problems:"));
        Assert.That(e.Message, Does.Contain("suite.yaml:4 (concurency): unknown key `concurency` at the top level; did you mean `concurrency`?"));
    }

    [Test]
    public void Load_SuiteNotUtf8_ReportsTheLineOfTheBadByte()
    {
        using var dir = new SuiteDirectory();
        File.WriteAllBytes(dir.SuitePath, [.. Encoding.UTF8.GetBytes(Header + "cases:\n  - id: one\n    prompt: "), 0xE9, .. "t\u00e9\n"u8]);

        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.SuitePath));

        Assert.That(e!.Problems.Single(), Is.EqualTo(new SuiteProblem(dir.SuitePath, 6, null,
            "the suite file is not valid UTF-8: byte 0xE9 at byte 13 of this line; save the file as UTF-8")));
    }

    [Test]
    public void Load_SuiteWithByteOrderMark_Loads()
    {
        using var dir = new SuiteDirectory();
        File.WriteAllBytes(dir.SuitePath, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Header + OneCase)]);

        Assert.That(SuiteLoader.Load(dir.SuitePath).Name, Is.EqualTo("t"));
    }

    [Test]
    public void Load_SuiteIsACharacterDevice_IsRefusedWithoutReadingIt()
    {
        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load("/dev/zero"));

        Assert.That(e!.Problems.Single(), Is.EqualTo(new SuiteProblem("/dev/zero", null, null,
            "the suite file `/dev/zero` is a character device (/dev/zero), not a regular file; name a plain file")));
    }

    [Test]
    [Platform("Linux")]
    public void Load_SchemaIsANamedPipe_IsRefusedWithoutOpeningIt()
    {
        using var dir = new SuiteDirectory();
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(dir.Root, "pipe.json")))
        {
            mkfifo.WaitForExit();
        }

        dir.WriteSuite(Header + OneCase + "    schema: pipe.json\n");

        // Opening a FIFO for reading waits for a writer: before the type check this never returned.
        var problems = LoadProblems(dir);

        Assert.That(problems.Single().Message, Does.StartWith("the schema `pipe.json` is a named pipe (FIFO)"));
    }

    [Test]
    public void Load_FilesOutsideAllowed_ReadsThem()
    {
        using var outer = new SuiteDirectory();
        outer.Write("common/ok.json", """{ "type": "object" }""");
        outer.Write("suite/suite.yaml", Header + "allow_files_outside: true\n" + OneCase + "    schema: ../common/ok.json\n");

        var suite = SuiteLoader.Load(Path.Combine(outer.Root, "suite", "suite.yaml"));

        Assert.That(suite.Cases.Single().SchemaJson, Is.EqualTo("""{ "type": "object" }"""));
    }

    [Test]
    public void Load_MissingFile_ReportsTheFile()
    {
        using var dir = new SuiteDirectory();
        var path = Path.Combine(dir.Root, "nope.yaml");

        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(path));

        Assert.That(e!.Problems.Single(), Is.EqualTo(new SuiteProblem(path, null, null,
            "the suite file was not found; check the path (it is relative to the current directory)")));
    }

    [Test]
    public void Load_Folder_AsksForTheSuiteFile()
    {
        using var dir = new SuiteDirectory();

        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.Root));

        Assert.That(e!.Problems.Single().Message, Does.StartWith("this is a folder, not a suite file; pass the suite file in it, e.g. "));
    }

    [Test]
    [NonParallelizable] // changes the process's current directory
    public void Load_FileUnderCurrentDirectory_ShowsRelativePath()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("name: t\n");
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir.Root;
        try
        {
            var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load("suite.yaml"));
            Assert.That(e!.Problems.Select(p => p.File), Is.All.EqualTo("suite.yaml"));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private static SuiteProblem[] LoadProblems(SuiteDirectory dir)
    {
        try
        {
            SuiteLoader.Load(dir.SuitePath);
        }
        catch (SuiteValidationException e)
        {
            return [.. e.Problems];
        }

        return [];
    }
}
