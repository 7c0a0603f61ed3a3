using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>
/// Fidelity against the official clients: boto3/botocore and the AWS CLI call the emulator and must parse what it
/// answers. These never skip: a machine without python3, boto3 or the AWS CLI fails them with a message saying so.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class Boto3ConformanceTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static string Script => Path.Combine(RepoPaths.Conformance, "boto3_conformance.py");

    [Test]
    public async Task Boto3_RuntimeAndControlPlane_ParseEveryAnswer()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var cases = await RunScriptAsync(emulator.Server.BaseAddress, "plain");

        Assert.Multiple(() =>
        {
            var converse = cases["converse"];
            Assert.That(converse["ok"]!.GetValue<bool>(), Is.True, converse.ToJsonString());
            Assert.That(converse["text"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(converse["stop_reason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
            Assert.That(converse["usage"]!["totalTokens"]!.GetValue<int>(), Is.GreaterThan(0));

            AssertOk(cases["converse_arn"]);
            var tool = cases["converse_tool"];
            AssertOk(tool);
            Assert.That(tool["stop_reason"]?.GetValue<string>(), Is.EqualTo("tool_use"));
            Assert.That(tool["input"]?["category"]?.GetValue<string>(), Is.EqualTo("billing"));
            Assert.That(tool["input"]?["priority"]?.GetValue<int>(), Is.InRange(1, 5));

            var stream = cases["converse_stream"];
            AssertOk(stream);
            var events = stream["events"]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [];
            Assert.That(events.FirstOrDefault(), Is.EqualTo("messageStart"));
            Assert.That(events.TakeLast(3), Is.EqualTo(new[] { "contentBlockStop", "messageStop", "metadata" }));
            Assert.That(stream["text"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(stream["usage"]?["outputTokens"]?.GetValue<int>(), Is.GreaterThan(0));

            var midstream = cases["converse_stream_midstream"];
            Assert.That(midstream["exception"]?.GetValue<string>(), Is.EqualTo("EventStreamError"), midstream.ToJsonString());
            Assert.That(midstream["error_code"]?.GetValue<string>(), Is.EqualTo("throttlingException"));

            var invoke = cases["invoke_anthropic"];
            AssertOk(invoke);
            Assert.That(invoke["type"]?.GetValue<string>(), Is.EqualTo("message"));
            Assert.That(invoke["content_type"]?.GetValue<string>(), Is.EqualTo("application/json"));
            Assert.That(invoke["output_token_header"]?.GetValue<string>(), Is.EqualTo(invoke["usage"]?["output_tokens"]?.ToJsonString()));

            var details = cases["get_foundation_model"];
            AssertOk(details);
            Assert.That(details["status"]?.GetValue<string>(), Is.EqualTo("LEGACY"));
            Assert.That(details["model_arn"]?.GetValue<string>(), Is.EqualTo($"arn:aws:bedrock:us-east-1::foundation-model/{EmulatorTestProfiles.Legacy}"));
            Assert.That(details["legacy_time"]?.GetValue<string>(), Is.EqualTo("2025-08-25T00:00:00+00:00"), "botocore parses the ISO-8601 timestamp");
            Assert.That(details["end_of_life_time"]?.GetValue<string>(), Is.EqualTo("2026-03-01T00:00:00+00:00"));

            var eolDetails = cases["get_foundation_model_eol"];
            Assert.That(eolDetails["error_code"]?.GetValue<string>(), Is.EqualTo("ResourceNotFoundException"), eolDetails.ToJsonString());

            var list = cases["list_foundation_models"];
            AssertOk(list);
            Assert.That(list["ids"]?.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { EmulatorTestProfiles.Legacy, EmulatorTestProfiles.Active, EmulatorTestProfiles.Old, EmulatorTestProfiles.Current }));

            var eol = cases["converse_eol"];
            Assert.That(eol["error_code"]?.GetValue<string>(), Is.EqualTo("ValidationException"), eol.ToJsonString());
            Assert.That(eol["message"]?.GetValue<string>(), Is.EqualTo("The provided model identifier is invalid."));
            Assert.That(eol["status"]?.GetValue<int>(), Is.EqualTo(400));

            var throttled = cases["converse_throttled"];
            Assert.That(throttled["error_code"]?.GetValue<string>(), Is.EqualTo("ThrottlingException"), throttled.ToJsonString());
            Assert.That(throttled["status"]?.GetValue<int>(), Is.EqualTo(429));

            var edge = cases["converse_edge_values"];
            AssertOk(edge);
        });
        Assert.That(emulator.Server.RequestCountFor(EmulatorTestProfiles.Throttled), Is.EqualTo(2), "botocore's max_attempts counts retries: one call and one retry, both throttled at rate 1.0");
    }

    [Test]
    public async Task Boto3_ConversationsToolsMediaStructuredOutputThinkingAndCache_ParseEveryAnswer()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var cases = await RunScriptAsync(emulator.Server.BaseAddress, "shapes");

        Assert.Multiple(() =>
        {
            var conversation = cases["conversation_with_tool_results"];
            AssertOk(conversation);
            Assert.That(conversation["stop_reason"]?.GetValue<string>(), Is.EqualTo("end_turn"), "after a tool result the model answers in text");
            Assert.That(conversation["usage"]?["cacheWriteInputTokens"]?.GetValue<int>(), Is.GreaterThan(0));

            var cached = cases["cache_read_on_second_call"];
            AssertOk(cached);
            Assert.That(cached["usage"]?["cacheReadInputTokens"]?.GetValue<int>(), Is.EqualTo(conversation["usage"]?["cacheWriteInputTokens"]?.GetValue<int>()));
            Assert.That(cached["usage"]?["cacheWriteInputTokens"]?.GetValue<int>(), Is.Zero);

            var any = cases["tool_choice_any"];
            AssertOk(any);
            Assert.That(any["stop_reason"]?.GetValue<string>(), Is.EqualTo("tool_use"));
            Assert.That(any["tool"]?.GetValue<string>(), Is.EqualTo("issue_refund"));
            Assert.That(any["input"]?["amount"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));

            var structured = cases["structured_output"];
            AssertOk(structured);
            Assert.That(structured["answer"]?["status"]?.GetValue<string>(), Is.EqualTo("shipped"));

            var thinking = cases["thinking"];
            AssertOk(thinking);
            Assert.That(thinking["reasoning"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(thinking["signature"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(thinking["text"]?.GetValue<string>(), Is.Not.Empty);

            var streamThinking = cases["stream_thinking"];
            AssertOk(streamThinking);
            Assert.That(streamThinking["reasoning"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(streamThinking["signature"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(streamThinking["indexes"]?.AsArray().Select(i => i!.GetValue<int>()), Is.EqualTo(new[] { 0, 1 }));

            var streamTool = cases["stream_tool_use"];
            AssertOk(streamTool);
            Assert.That(streamTool["tool"]?.GetValue<string>(), Is.EqualTo("lookup_order"));
            Assert.That(streamTool["input"]?["order_id"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
            Assert.That(streamTool["stop_reason"]?.GetValue<string>(), Is.EqualTo("tool_use"));

            var rule = cases["parameter_rule"];
            Assert.That(rule["error_code"]?.GetValue<string>(), Is.EqualTo("ValidationException"), rule.ToJsonString());
            Assert.That(rule["message"]?.GetValue<string>(), Does.Contain("`temperature` and `top_p` cannot both be specified for this model"));

            var name = cases["bad_document_name"];
            Assert.That(name["error_code"]?.GetValue<string>(), Is.EqualTo("ValidationException"), name.ToJsonString());
            Assert.That(name["message"]?.GetValue<string>(), Does.StartWith("The document file name can only contain"));
        });
    }

    [Test]
    public async Task Boto3_JudgeRequestWithForcedVerdictTool_ParsesTheVerdictOnConverseAndConverseStream()
    {
        var judge = new JudgeBehaviour(new System.Text.RegularExpressions.Regex("N/A", System.Text.RegularExpressions.RegexOptions.CultureInvariant, CaseRule.MatchTimeout));
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single("test.judge-v1:0", new ModelProfile { Judge = judge }));

        var cases = await RunScriptAsync(emulator.Server.BaseAddress, "judge");

        Assert.Multiple(() =>
        {
            var verdict = cases["judge_verdict"];
            AssertOk(verdict);
            Assert.That(verdict["stop_reason"]?.GetValue<string>(), Is.EqualTo("tool_use"));
            Assert.That(verdict["tool"]?.GetValue<string>(), Is.EqualTo("record_verdict"));
            Assert.That(verdict["input"]?["winner"]?.GetValue<string>(), Is.EqualTo("B"), "answer A carries the worse marker");
            Assert.That(verdict["input"]?["confidence"]?.GetValue<double>(), Is.InRange(0, 1));
            Assert.That(verdict["input"]?["reason"]?.GetValue<string>(), Is.Not.Empty);

            var streamed = cases["judge_verdict_stream"];
            AssertOk(streamed);
            Assert.That(streamed["tool"]?.GetValue<string>(), Is.EqualTo("record_verdict"));
            Assert.That(streamed["input"]?["winner"]?.GetValue<string>(), Is.EqualTo("A"), "answer B carries the worse marker");
            Assert.That(streamed["stop_reason"]?.GetValue<string>(), Is.EqualTo("tool_use"));
        });
    }

    [Test]
    public async Task Boto3_BatchInferenceJobs_CreateGetListStopAndTheOutputReadWithS3()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "batch"));
        var profile = EmulatorTestProfiles.Standard() with
        {
            // The system clock: a job waits 3 s in Submitted (time for a stop to arrive), then runs in well under a second.
            Batch = new BatchBehaviour { SubmittedSeconds = 3, ValidatingSeconds = 0.1, ScheduledSeconds = 0.1, StoppingSeconds = 0.1 },
        };
        await using var emulator = await RunningEmulator.StartAsync(profile, requireSigV4: new SigV4Key(AccessKey, Secret), s3Root: root.Path);

        var cases = await RunScriptAsync(emulator.Server.BaseAddress, "batch");

        Assert.Multiple(() =>
        {
            var create = cases["batch_create"];
            AssertOk(create);
            Assert.That(create["job_arn"]?.GetValue<string>(), Does.Match("^arn:aws:bedrock:us-east-1:111122223333:model-invocation-job/[a-z0-9]{12}$"));
            Assert.That(create["same_arn"]?.GetValue<bool>(), Is.True, "the same clientRequestToken gives the same job");

            var submitted = cases["batch_get_submitted"];
            AssertOk(submitted);
            Assert.That(submitted["status"]?.GetValue<string>(), Is.EqualTo("Submitted"));
            Assert.That(submitted["submit_time_type"]?.GetValue<string>(), Is.EqualTo("datetime"), "botocore parses the timestamp");
            Assert.That(submitted["invocation_type"]?.GetValue<string>(), Is.EqualTo("Converse"));

            var ended = cases["batch_get_until_ended"];
            AssertOk(ended);
            Assert.That(ended["status"]?.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(ended["end_time_type"]?.GetValue<string>(), Is.EqualTo("datetime"));
            Assert.That(ended["total"]?.GetValue<long>(), Is.EqualTo(120));
            Assert.That(ended["processed"]?.GetValue<long>(), Is.EqualTo(120));
            Assert.That(ended["success"]?.GetValue<long>(), Is.EqualTo(120));
            Assert.That(ended["errors"]?.GetValue<long>(), Is.Zero);

            var output = cases["batch_read_output"];
            AssertOk(output);
            Assert.That(output["keys"]?.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "input.jsonl.out", "manifest.json.out" }));
            Assert.That(output["records"]?.GetValue<int>(), Is.EqualTo(120));
            Assert.That(output["record_ids"]?.GetValue<bool>(), Is.True, "every input record once");
            Assert.That(output["with_output"]?.GetValue<int>(), Is.EqualTo(120));
            Assert.That(output["stop_reason"]?.GetValue<string>(), Is.EqualTo("end_turn"));
            Assert.That(output["manifest"]?["totalRecordCount"]?.GetValue<long>(), Is.EqualTo(120));
            Assert.That(output["manifest"]?["successRecordCount"]?.GetValue<long>(), Is.EqualTo(120));
            Assert.That(output["manifest"]?["outputTokenCount"]?.GetValue<long>(), Is.GreaterThan(0));

            var list = cases["batch_list"];
            AssertOk(list);
            Assert.That(list["names"]?.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "bmh-conformance-1" }));
            Assert.That(list["completed"]?.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { create["job_arn"]?.GetValue<string>() }));

            var stop = cases["batch_stop"];
            AssertOk(stop);
            Assert.That(stop["status"]?.GetValue<string>(), Is.EqualTo("Stopped"));
            Assert.That(stop["processed"]?.GetValue<long>(), Is.Zero);

            var again = cases["batch_stop_ended"];
            Assert.That(again["error_code"]?.GetValue<string>(), Is.EqualTo("ValidationException"), again.ToJsonString());
            Assert.That(again["status"]?.GetValue<int>(), Is.EqualTo(400));

            var unknown = cases["batch_get_unknown"];
            Assert.That(unknown["error_code"]?.GetValue<string>(), Is.EqualTo("ResourceNotFoundException"), unknown.ToJsonString());
            Assert.That(unknown["status"]?.GetValue<int>(), Is.EqualTo(404));

            var missing = cases["batch_create_missing_input"];
            Assert.That(missing["error_code"]?.GetValue<string>(), Is.EqualTo("ValidationException"), missing.ToJsonString());
            Assert.That(missing["message"]?.GetValue<string>(), Does.Contain("does not exist"));
        });
    }

    [Test]
    public async Task AwsCli_ConverseWithToolsAndThinking_PrintsTheParsedAnswer()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var environment = ExternalProcess.IsolatedAwsEnvironment();
        environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        string[] arguments =
        [
            "bedrock-runtime", "converse",
            "--endpoint-url", emulator.Server.BaseAddress.ToString().TrimEnd('/'),
            "--model-id", EmulatorTestProfiles.Current,
            "--messages", """[{"role":"user","content":[{"text":"Where is order A-1001?"},{"cachePoint":{"type":"default"}}]}]""",
            "--tool-config", """{"tools":[{"toolSpec":{"name":"lookup_order","inputSchema":{"json":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}}}}],"toolChoice":{"auto":{}}}""",
            "--additional-model-request-fields", """{"thinking":{"type":"enabled","budget_tokens":1024}}""",
            "--output", "json",
        ];

        var result = await ExternalProcess.RunAsync("aws", arguments, environment);

        if (result is null)
        {
            Assert.Fail("The AWS CLI ('aws') is not installed; install it (pip install awscli) to run the emulator fidelity tests.");
            return;
        }

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        var answer = JsonNode.Parse(result.StandardOutput)!;
        var content = answer["output"]!["message"]!["content"]!.AsArray();
        Assert.That(content[0]!["reasoningContent"]!["reasoningText"]!["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(content[1]!["toolUse"]!["name"]!.GetValue<string>(), Is.EqualTo("lookup_order"));
        Assert.That(answer["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(answer["usage"]!["cacheWriteInputTokens"]!.GetValue<int>(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Boto3_RequireSigV4_AcceptsTheSdkSignatureAndRejectsAWrongOne()
    {
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: new SigV4Key(AccessKey, Secret));

        var cases = await RunScriptAsync(emulator.Server.BaseAddress, "sigv4");

        Assert.Multiple(() =>
        {
            AssertOk(cases["signed_converse"]);
            AssertOk(cases["signed_converse_stream"]);
            AssertOk(cases["signed_invoke"]);
            AssertOk(cases["signed_control_plane"]);
            Assert.That(cases["signed_control_plane"]["model_id"]?.GetValue<string>(), Is.EqualTo(EmulatorTestProfiles.Legacy));

            var wrong = cases["wrong_secret"];
            Assert.That(wrong["error_code"]?.GetValue<string>(), Is.EqualTo("InvalidSignatureException"), wrong.ToJsonString());
            Assert.That(wrong["status"]?.GetValue<int>(), Is.EqualTo(403));
            Assert.That(wrong["message"]?.GetValue<string>(), Does.StartWith("The request signature we calculated does not match the signature you provided."));

            var unknown = cases["unknown_key"];
            Assert.That(unknown["error_code"]?.GetValue<string>(), Is.EqualTo("UnrecognizedClientException"), unknown.ToJsonString());
            Assert.That(unknown["message"]?.GetValue<string>(), Is.EqualTo("The security token included in the request is invalid."));
        });
        Assert.That(emulator.Log.ToString(), Does.Not.Contain(Secret).And.Not.Contain("Signature="), "secrets and Authorization never reach the log");
    }

    [Test]
    public async Task AwsCli_Converse_PrintsTheParsedAnswer()
    {
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: new SigV4Key(AccessKey, Secret));
        var environment = ExternalProcess.IsolatedAwsEnvironment();
        environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        string[] arguments =
        [
            "bedrock-runtime", "converse",
            "--endpoint-url", emulator.Server.BaseAddress.ToString().TrimEnd('/'),
            "--model-id", EmulatorTestProfiles.Legacy,
            "--messages", """[{"role":"user","content":[{"text":"Hello from the CLI"}]}]""",
            "--inference-config", """{"maxTokens":64}""",
            "--output", "json",
        ];

        var result = await ExternalProcess.RunAsync("aws", arguments, environment);

        if (result is null)
        {
            Assert.Fail("The AWS CLI ('aws') is not installed; install it (pip install awscli) to run the emulator fidelity tests.");
            return;
        }

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        var answer = JsonNode.Parse(result.StandardOutput)!;
        Assert.That(answer["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(answer["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(answer["usage"]!["totalTokens"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(emulator.Server.RequestCountFor(EmulatorTestProfiles.Legacy), Is.EqualTo(1));
    }

    private static void AssertOk(JsonObject result) =>
        Assert.That(result["ok"]?.GetValue<bool>(), Is.True, result.ToJsonString());

    private static Task<Dictionary<string, JsonObject>> RunScriptAsync(Uri endpoint, string mode) =>
        ConformanceScript.RunAsync(Script, endpoint, mode, AccessKey, Secret);
}
