using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Contract;

/// <summary>
/// What every <see cref="IModelClient"/> must do against a Bedrock endpoint, whoever serves it. Run against the
/// emulator always (<see cref="EmulatorModelClientContractTests"/>) and against real Bedrock when credentials are
/// configured (<see cref="LiveBedrockModelClientContractTests"/>).
/// </summary>
public abstract class ModelClientContract
{
    private protected static readonly InferenceSettings Inference = new(64, 0.0, null, []);

    /// <summary>An ACTIVE text model the endpoint serves.</summary>
    private protected abstract string ActiveModelId { get; }

    /// <summary>An Anthropic model that takes a Messages body through InvokeModel.</summary>
    private protected abstract string AnthropicModelId { get; }

    private protected abstract BedrockRuntimeClient CreateClient();

    private protected static ModelRequest Request(string modelId, bool stream = false, InvokeModelBody? invoke = null) =>
        new(modelId, "You are terse.", [Turn.UserText("Say hello in five words.")], Inference, stream, TimeSpan.FromSeconds(60), invoke);

    [Test]
    public async Task Converse_AnswersWithTextUsageAndLatency()
    {
        using var client = CreateClient();

        var result = await client.SendAsync(Request(ActiveModelId), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.Text, Is.Not.Empty);
        Assert.That(result.InputTokens, Is.GreaterThan(0));
        Assert.That(result.OutputTokens, Is.GreaterThan(0));
        Assert.That(result.ServerLatencyMs, Is.Not.Null);
        Assert.That(result.ClientLatencyMs, Is.GreaterThan(0));
        Assert.That(result.StopReason, Is.EqualTo("end_turn").Or.EqualTo("max_tokens"));
    }

    [Test]
    public async Task ConverseStream_AssemblesTheTextAndMeasuresTimeToFirstToken()
    {
        using var client = CreateClient();

        var result = await client.SendAsync(Request(ActiveModelId, stream: true), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.Text, Is.Not.Empty);
        Assert.That(result.OutputTokens, Is.GreaterThan(0));
        Assert.That(result.TimeToFirstTokenMs, Is.GreaterThan(0).And.LessThanOrEqualTo(result.ClientLatencyMs));
    }

    [Test]
    public async Task InvokeModel_AnthropicBody_ReadsTextAndTokenHeaders()
    {
        using var client = CreateClient();
        const string body = """
            {"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"Say hello."}]}]}
            """;

        var result = await client.SendAsync(Request(AnthropicModelId, invoke: new InvokeModelBody(body, "/content/0/text")), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.Text, Is.Not.Empty);
        Assert.That(result.InputTokens, Is.GreaterThan(0));
        Assert.That(result.OutputTokens, Is.GreaterThan(0));
    }

    [Test]
    public async Task Converse_UnknownModel_IsEndOfLifeWithTheServiceMessage()
    {
        using var client = CreateClient();

        var result = await client.SendAsync(Request("acme.no-such-model-v9:0"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ModelEndOfLife));
        Assert.That(result.HttpStatus, Is.EqualTo(400));
        Assert.That(result.ErrorType, Is.EqualTo("ValidationException"));
        Assert.That(result.ErrorMessage, Is.EqualTo("The provided model identifier is invalid."));
    }

    [Test]
    public async Task Converse_InvalidInference_IsAValidationErrorNotEndOfLife()
    {
        using var client = CreateClient();
        var request = Request(ActiveModelId) with { Inference = new InferenceSettings(64, 7.5, null, []) };

        var result = await client.SendAsync(request, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ValidationError));
        Assert.That(result.HttpStatus, Is.EqualTo(400));
    }
}
