using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Import.Logs.LogFixtures;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>Meta Llama and Amazon Nova InvokeModel records (Fixtures/InvocationLogs/nova-llama.jsonl), and families unknown.</summary>
public sealed class InvocationLogReaderFamilyTests
{
    [Test]
    public async Task ReadAsync_LlamaChatPrompt_SplitsSystemAndTurnsAndKeepsMetadata()
    {
        var invocation = Kept((await ReadAsync([File("nova-llama.jsonl")]))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.RequestMetadata, Is.EqualTo(new Dictionary<string, string> { ["project"] = "storytelling", ["team"] = "content" }));
            Assert.That(invocation.Request.System, Is.EqualTo(new SystemOverride("You tell short stories.", CachePoint: false)));
            Assert.That(invocation.Request.Messages, Is.EqualTo(new[] { Turn.UserText("story of two dragons") }), "the trailing assistant header is the generation cue");
            Assert.That(invocation.Request.Inference, Is.EqualTo(new LoggedInference(512, 0.5, 0.9, null)));
            Assert.That(invocation.Answer!.Text, Is.EqualTo("Once upon a time, two dragons shared a mountain."));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("stop"));
            Assert.That(invocation.Answer.InputTokens, Is.EqualTo(25));
            Assert.That(invocation.Answer.OutputTokens, Is.EqualTo(12));
        });
    }

    [Test]
    public async Task ReadAsync_LlamaPlainPromptStreamed_IsOneUserTurnAndJoinsGenerations()
    {
        var invocation = Kept((await ReadAsync([File("nova-llama.jsonl")]))[1]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Request.Messages, Is.EqualTo(new[] { Turn.UserText("Name three colours.") }));
            Assert.That(invocation.Request.System, Is.Null);
            Assert.That(invocation.Answer!.Text, Is.EqualTo("Red, green, blue."));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("stop"));
        });
    }

    [Test]
    public async Task ReadAsync_LlamaMultiTurnPrompt_KeepsEveryTurn()
    {
        const string Prompt = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\n\\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\\n\\nHello!<|eot_id|><|start_header_id|>user<|end_header_id|>\\n\\nBye<|eot_id|><|start_header_id|>assistant<|end_header_id|>\\n\\n";
        var record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"InvokeModel","modelId":"meta.llama3-70b-instruct-v1:0","input":{"inputBodyJson":{"prompt":"PROMPT"}},"output":{"outputBodyJson":{"generation":"Goodbye."}}}""".Replace("PROMPT", Prompt, StringComparison.Ordinal);

        var request = Kept((await ReadTextAsync(record))[0]).Request;

        Assert.That(request.Messages, Is.EqualTo(new[] { Turn.UserText("Hi"), new Turn(TurnRole.Assistant, [new TextPart("Hello!")]), Turn.UserText("Bye") }));
    }

    [Test]
    public async Task ReadAsync_NovaMessagesV1_MapsInferenceAndKeepsTopKAsAdditional()
    {
        var invocation = Kept((await ReadAsync([File("nova-llama.jsonl")]))[2]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Request.System!.Text, Is.EqualTo("Answer in one word."));
            Assert.That(invocation.Request.Messages, Is.EqualTo(new[] { Turn.UserText("Capital of France?") }));
            Assert.That(invocation.Request.Inference, Is.EqualTo(new LoggedInference(10, 0.1, 0.9, null)));
            Assert.That(invocation.Request.AdditionalFieldsJson, Is.EqualTo("""{"inferenceConfig":{"topK":20}}"""));
            Assert.That(invocation.Answer!.Text, Is.EqualTo("Paris"));
            Assert.That(invocation.Answer.LatencyMs, Is.Null);
        });
    }

    [Test]
    public async Task ReadAsync_ApplicationProfileWithNovaBody_DetectsNovaAndJoinsStreamEvents()
    {
        var invocation = Kept((await ReadAsync([File("nova-llama.jsonl")]))[3]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Answer!.Text, Is.EqualTo("Hi there!"));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("end_turn"));
            Assert.That(invocation.Answer.OutputTokens, Is.EqualTo(3));
            Assert.That(invocation.Request.Inference.MaxTokens, Is.EqualTo(20));
        });
    }

    [Test]
    public async Task ReadAsync_ModelWithoutDecoder_DropsAsUnknownModelFamily()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"InvokeModel","modelId":"cohere.command-r-v1:0","input":{"inputBodyJson":{"message":"hi"}},"output":{"outputBodyJson":{"text":"hello"}}}""";

        var dropped = Dropped((await ReadTextAsync(Record))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.UnknownModelFamily));
            Assert.That(dropped.Detail, Does.Contain("cohere.command-r-v1:0"));
        });
    }

    [Test]
    public async Task ReadAsync_ApplicationProfileWithUnknownBody_DropsAsUnknownModelFamily()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"InvokeModel","modelId":"arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc","input":{"inputBodyJson":{"inputText":"hi"}},"output":{"outputBodyJson":{"results":[]}}}""";

        var dropped = Dropped((await ReadTextAsync(Record))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.UnknownModelFamily));
            Assert.That(dropped.Detail, Does.Contain("does not name its model"));
        });
    }

    [TestCase("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("us.anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0")]
    [TestCase("global.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0", "meta.llama3-8b-instruct-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc", null)]
    public void BaseModelId_IdProfileOrArn_StripsToTheBaseId(string modelId, string? expected)
    {
        Assert.That(ModelFamilies.BaseModelId(modelId), Is.EqualTo(expected));
    }
}
