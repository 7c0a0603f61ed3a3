using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Contract;

/// <summary>Our client against our emulator, over real HTTP with SigV4 checked: the contract plus what only the emulator can stage.</summary>
[TestFixture]
public sealed class EmulatorModelClientContractTests : ModelClientContract
{
    private const string Key = "AKIDCONTRACT";
    private const string Secret = "contract/secret+key";
    private const string Active = "amazon.nova-lite-v1:0";
    private const string Anthropic = "anthropic.claude-3-5-haiku-20241022-v1:0";
    private const string Legacy = "anthropic.claude-3-5-sonnet-20241022-v2:0";
    private const string Gone = "anthropic.claude-v2:1";
    private const string Throttled = "acme.throttled-v1:0";

    private EmulatorServer _emulator = null!;

    private protected override string ActiveModelId => Active;

    private protected override string AnthropicModelId => Anthropic;

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        var profile = EmulatorProfile.Parse($$"""
            seed: 3
            models:
              "{{Active}}": { latency: { fixed_ms: 5, first_token_ms: 2 } }
              "{{Anthropic}}": { latency: { fixed_ms: 5 } }
              "{{Legacy}}":
                lifecycle: LEGACY
                legacy_time: 2026-01-15
                public_extended_access_time: 2026-05-01
                end_of_life_time: 2026-12-31
              "{{Gone}}": { lifecycle: EOL }
              "{{Throttled}}": { errors: { throttle: 1.0 } }
            """, "contract-profile.yaml");
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions(profile, RequireSigV4: new SigV4Key(Key, Secret)));
    }

    [OneTimeTearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    private protected override BedrockRuntimeClient CreateClient() =>
        BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(_emulator.BaseAddress, Key, Secret));

    [Test]
    public async Task Converse_EndOfLifeModel_IsEndOfLife()
    {
        using var client = CreateClient();

        var result = await client.SendAsync(Request(Gone), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ModelEndOfLife));
        Assert.That(result.ErrorMessage, Is.EqualTo("The provided model identifier is invalid."));
    }

    [Test]
    public async Task Converse_Throttled_IsThrottledWith429()
    {
        using var client = CreateClient();

        var result = await client.SendAsync(Request(Throttled), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Throttled));
        Assert.That(result.HttpStatus, Is.EqualTo(429));
        Assert.That(result.ErrorType, Is.EqualTo("ThrottlingException"));
    }

    [Test]
    public async Task Converse_WrongSecret_IsAccessDeniedByTheSignatureCheck()
    {
        using var client = BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(_emulator.BaseAddress, Key, "not-the-secret"));

        var result = await client.SendAsync(Request(Active), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.AccessDenied));
        Assert.That(result.HttpStatus, Is.EqualTo(403));
        Assert.That(result.ErrorType, Is.EqualTo("InvalidSignatureException"));
        Assert.That(result.ErrorMessage, Does.Not.Contain("not-the-secret"));
    }

    [Test]
    public async Task Converse_InferenceProfileAndArnIds_ReachTheBaseModel()
    {
        using var client = CreateClient();

        var profile = await client.SendAsync(Request("us." + Active), CancellationToken.None);
        var arn = await client.SendAsync(Request($"arn:aws:bedrock:us-east-1::foundation-model/{Active}"), CancellationToken.None);

        Assert.That(profile.Outcome, Is.EqualTo(CallOutcome.Success), profile.ErrorMessage);
        Assert.That(arn.Outcome, Is.EqualTo(CallOutcome.Success), arn.ErrorMessage);
    }

    [Test]
    public async Task ControlPlane_GetFoundationModel_ReadsLifecycleDates()
    {
        using var client = BedrockClientFactory.CreateControlPlane(BedrockClientOptions.ForEmulator(_emulator.BaseAddress, Key, Secret));

        var result = await client.GetFoundationModelAsync(Legacy, CancellationToken.None);

        Assert.That(result.IsSuccess, Is.True, result.Error?.ToString());
        var lifecycle = result.Value!.Lifecycle;
        Assert.That(lifecycle.Status, Is.EqualTo("LEGACY"));
        Assert.That(lifecycle.LegacyTime, Is.EqualTo(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(lifecycle.PublicExtendedAccessTime, Is.EqualTo(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(lifecycle.EndOfLifeTime, Is.EqualTo(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task ControlPlane_EndOfLifeModel_IsNotFoundAndNotListed()
    {
        using var client = BedrockClientFactory.CreateControlPlane(BedrockClientOptions.ForEmulator(_emulator.BaseAddress, Key, Secret));

        var get = await client.GetFoundationModelAsync(Gone, CancellationToken.None);
        var list = await client.ListFoundationModelsAsync(null, null, null, CancellationToken.None);

        Assert.That(get.Error?.Kind, Is.EqualTo(CallOutcome.ResourceNotFound));
        Assert.That(list.IsSuccess, Is.True, list.Error?.ToString());
        Assert.That(list.Value.Select(m => m.ModelId), Does.Contain(Legacy).And.Not.Contain(Gone));
    }
}
