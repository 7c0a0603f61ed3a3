using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Emulator.Auth;
using BedrockMigrationHarness.Emulator.ControlPlane;
using BedrockMigrationHarness.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// Amazon Bedrock on loopback: the runtime (Converse, ConverseStream, InvokeModel) and control-plane
/// (GetFoundationModel, ListFoundationModels) operations on one Kestrel listener at 127.0.0.1, following
/// BEDROCK-WIRE.md. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
internal sealed class EmulatorServer : IAsyncDisposable
{
    private const string SigningName = "bedrock";
    private const string DefaultRegion = "us-east-1";

    private readonly WebApplication _app;
    private readonly EmulatorOptions _options;
    private readonly ModelCatalog _catalog;
    private readonly RuntimeHandler _runtime;
    private readonly FoundationModelHandler _foundationModels;
    private readonly TextWriter? _log;
    private readonly ConcurrentDictionary<string, long> _perModel = new(StringComparer.Ordinal);
    private long _requestCount;

    private EmulatorServer(WebApplication app, EmulatorOptions options)
    {
        _app = app;
        _options = options;
        _catalog = new ModelCatalog(options.Profile);
        _runtime = new RuntimeHandler(new RequestRandom(options.Profile.Seed), TimeProvider.System);
        _foundationModels = new FoundationModelHandler(_catalog);
        _log = options.Log is null ? null : TextWriter.Synchronized(options.Log);
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT</c>; both runtime and control-plane paths live under it.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, whatever its path or outcome.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Runtime calls (converse, converse-stream, invoke) for a model; prefixed and ARN ids count under their base id.</summary>
    public long RequestCountFor(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var key = _catalog.ResolveRuntime(modelId)?.ModelId ?? modelId;
        return _perModel.TryGetValue(key, out var count) ? count : 0;
    }

    /// <summary>Starts listening on 127.0.0.1 (<see cref="EmulatorOptions.Port"/>, 0 = ephemeral).</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Profile);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 26_000_000;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var server = new EmulatorServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var started = Stopwatch.GetTimestamp();
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        try
        {
            var body = await ReadBodyAsync(context);
            var authorization = SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString());
            if (_options.RequireSigV4 is { } key && Authenticate(context, rawTarget, body, key) is { } denied)
            {
                await AwsResponses.WriteErrorAsync(context, denied);
                return;
            }

            await DispatchAsync(context, rawPath, body, authorization?.Region ?? DefaultRegion);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a reset fault aborted the connection): nothing left to answer.
        }
        finally
        {
            _log?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{context.Request.Method} {rawPath} {context.Response.StatusCode} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0}ms"));
        }
    }

    private Task DispatchAsync(HttpContext context, string rawPath, byte[] body, string region)
    {
        var segments = rawPath.Split('/');
        var method = context.Request.Method;
        if (segments is ["", "model", var rawId, var operationName] && HttpMethods.IsPost(method))
        {
            RuntimeOperation? operation = operationName switch
            {
                "converse" => RuntimeOperation.Converse,
                "converse-stream" => RuntimeOperation.ConverseStream,
                "invoke" => RuntimeOperation.Invoke,
                _ => null,
            };
            if (operation is { } op)
            {
                var modelId = Uri.UnescapeDataString(rawId);
                var model = _catalog.ResolveRuntime(modelId);
                _perModel.AddOrUpdate(model?.ModelId ?? modelId, 1, static (_, n) => n + 1);
                return _runtime.HandleAsync(context, op, model, body);
            }
        }

        if (segments is ["", "foundation-models"] && HttpMethods.IsGet(method))
        {
            return _foundationModels.ListAsync(context, region);
        }

        if (segments is ["", "foundation-models", var rawIdentifier] && HttpMethods.IsGet(method))
        {
            return _foundationModels.GetAsync(context, Uri.UnescapeDataString(rawIdentifier), region);
        }

        return AwsResponses.WriteErrorAsync(context, AwsError.UnknownOperation);
    }

    private static AwsError? Authenticate(HttpContext context, string rawTarget, byte[] body, SigV4Key key)
    {
        var headers = context.Request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
            .ToList();
        var failure = SigV4Verifier.Verify(new SigV4Request(context.Request.Method, rawTarget, headers, body), key, SigningName);
        return failure switch
        {
            SigV4Failure.None => null,
            SigV4Failure.MissingAuthorization or SigV4Failure.UnknownAccessKey => AwsError.UnrecognizedClient,
            SigV4Failure.WrongService => AwsError.WrongService(SigningName),
            _ => AwsError.InvalidSignature,
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
