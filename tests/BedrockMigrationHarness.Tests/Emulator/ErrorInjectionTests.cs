using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class ErrorInjectionTests
{
    private const string Model = "m.errors-v1:0";

    [TestCase("server_error", 500, "InternalServerException")]
    [TestCase("service_unavailable", 503, "ServiceUnavailableException")]
    [TestCase("model_timeout", 408, "ModelTimeoutException")]
    [TestCase("throttle", 429, "ThrottlingException")]
    public async Task Converse_ErrorAtRateOne_ReturnsModelledError(string kind, int status, string errorType)
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { Errors = Rates(kind) }));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { errorType }));
        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Converse_ThrottleBursts_ThrottleTheFirstRequestsOfEveryWindowInArrivalOrder()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { ThrottleBursts = new ThrottleBursts(4, 2) }));

        var statuses = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));
            statuses.Add((int)response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { 429, 429, 200, 200, 429, 429, 200, 200, 429 }));
    }

    [Test]
    public async Task Converse_MalformedBodyAtRateOne_Returns200WithTruncatedJson()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { Errors = Rates("malformed_body") }));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.StartWith("{\"output\""));
        Assert.That(() => JsonNode.Parse(text), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public async Task Converse_ResetAtRateOne_DropsTheConnection()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { Errors = Rates("reset") }));

        Assert.That(
            async () =>
            {
                using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));
                await response.Content.ReadAsStringAsync();
            },
            Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public async Task Converse_SlowAtRateOne_ReportsTenTimesTheLatency()
    {
        var model = new ModelProfile { Latency = new LatencyProfile(FixedMs: 20), Errors = Rates("slow") };
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, model));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["metrics"]!["latencyMs"]!.GetValue<long>(), Is.EqualTo(200));
    }

    [Test]
    public async Task Converse_FixedLatency_IsReportedInMetrics()
    {
        var model = new ModelProfile { Latency = new LatencyProfile(FixedMs: 15) };
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, model));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["metrics"]!["latencyMs"]!.GetValue<long>(), Is.EqualTo(15));
    }

    [Test]
    public async Task Converse_ThrottleRateHalf_SomeCallsSucceedAndRetriesDrawAfresh()
    {
        var model = new ModelProfile { Errors = new ErrorRates { Throttle = 0.5 } };
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, model));
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 40; i++)
        {
            using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", EmulatorHttp.UserMessage("the same request"));
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.OK).And.Some.EqualTo((HttpStatusCode)429));
        Assert.That(emulator.Server.RequestCountFor(Model), Is.EqualTo(40));
    }

    private static ErrorRates Rates(string kind) => kind switch
    {
        "server_error" => new ErrorRates { ServerError = 1 },
        "service_unavailable" => new ErrorRates { ServiceUnavailable = 1 },
        "model_timeout" => new ErrorRates { ModelTimeout = 1 },
        "throttle" => new ErrorRates { Throttle = 1 },
        "malformed_body" => new ErrorRates { MalformedBody = 1 },
        "reset" => new ErrorRates { Reset = 1 },
        _ => new ErrorRates { Slow = 1 },
    };
}
