using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Emulator.Auth;
using BedrockMigrationHarness.Emulator.Batch;
using BedrockMigrationHarness.Emulator.ControlPlane;
using BedrockMigrationHarness.Emulator.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>
/// Every request's path through the emulator: count it, read the body, check SigV4 when required, route on the
/// raw (still percent-encoded) target, and log one line. Routing is by hand because model ids arrive encoded
/// (<c>%3A</c>, <c>%2F</c>) and must be decoded exactly once. Disposing stops the batch jobs' background work.
/// </summary>
internal sealed class EmulatorPipeline : IAsyncDisposable
{
    private const string SigningName = "bedrock";
    private const string DefaultRegion = "us-east-1";

    private readonly SigV4Key? _requiredKey;
    private readonly TimeProvider _signingClock;
    private readonly TextWriter? _log;
    private readonly ModelCatalog _catalog;
    private readonly RuntimeHandler _runtime;
    private readonly FoundationModelHandler _foundationModels;
    private readonly S3Handler? _s3;
    private readonly BatchJobRunner? _batchRunner;
    private readonly BatchJobHandler _batch;
    private readonly ConcurrentDictionary<string, long> _perModel = new(StringComparer.Ordinal);
    private long _requestCount;

    public EmulatorPipeline(EmulatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _requiredKey = options.RequireSigV4;
        _signingClock = options.SigningClock ?? TimeProvider.System;
        _log = options.Log is null ? null : TextWriter.Synchronized(options.Log);
        _catalog = new ModelCatalog(options.Profile);
        _runtime = new RuntimeHandler(new RequestRandom(options.Profile.Seed), time);
        _foundationModels = new FoundationModelHandler(_catalog);
        var folder = options.S3Root is null ? null : new S3Folder(options.S3Root);
        _s3 = folder is null ? null : new S3Handler(folder, _requiredKey, _signingClock);
        _batchRunner = folder is null ? null : new BatchJobRunner(options.S3Root!, folder, options.Profile, _catalog, options.Clock ?? TimeProvider.System, _log);
        _batch = new BatchJobHandler(_catalog, folder, _batchRunner);
    }

    public async ValueTask DisposeAsync()
    {
        if (_batchRunner is not null)
        {
            await _batchRunner.DisposeAsync();
        }
    }

    public long RequestCount => Interlocked.Read(ref _requestCount);

    public long RequestCountFor(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var key = _catalog.ResolveRuntime(modelId)?.ModelId ?? modelId;
        return _perModel.TryGetValue(key, out var count) ? count : 0;
    }

    public async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var started = Stopwatch.GetTimestamp();
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var note = string.Empty;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        try
        {
            if (_s3 is not null && S3Handler.Claims(context, rawPath))
            {
                // S3 bodies are streamed (objects of gigabytes), so S3 reads its own body and checks its own signatures.
                await _s3.HandleAsync(context, rawTarget);
                return;
            }

            var body = await ReadBodyAsync(context);
            if (_requiredKey is { } key && Authenticate(context, rawTarget, body, key, _signingClock.GetUtcNow()) is { } denied)
            {
                await AwsResponses.WriteErrorAsync(context, denied);
                return;
            }

            var region = SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString())?.Region ?? DefaultRegion;
            await DispatchAsync(context, rawPath, body, region);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away, or a reset fault dropped the connection: nothing is left to answer.
            note = " (aborted)";
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug or an unreadable request must still look like AWS to the client, and say what went wrong.
            note = $" ({e.GetType().Name}: {e.Message})";
            await AwsResponses.WriteErrorAsync(context, AwsError.InternalServer with { Message = $"Emulator error: {e.Message}" });
        }
        finally
        {
            _log?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{context.Request.Method} {rawPath} {context.Response.StatusCode} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0}ms{note}"));
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
                var arrived = _perModel.AddOrUpdate(model?.ModelId ?? modelId, 1, static (_, n) => n + 1);
                return _runtime.HandleAsync(context, op, model, body, arrived - 1);
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

        return segments switch
        {
            ["", "model-invocation-job"] when HttpMethods.IsPost(method) => _batch.CreateAsync(context, body, region),
            ["", "model-invocation-jobs"] when HttpMethods.IsGet(method) => _batch.ListAsync(context),
            ["", "model-invocation-job", var job] when HttpMethods.IsGet(method) => _batch.GetAsync(context, Uri.UnescapeDataString(job)),
            ["", "model-invocation-job", var job, "stop"] when HttpMethods.IsPost(method) => _batch.StopAsync(context, Uri.UnescapeDataString(job)),
            _ => AwsResponses.WriteErrorAsync(context, AwsError.UnknownOperation),
        };
    }

    private static AwsError? Authenticate(HttpContext context, string rawTarget, byte[] body, SigV4Key key, DateTimeOffset now)
    {
        var headers = context.Request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
            .ToList();
        var request = new SigV4Request(context.Request.Method, rawTarget, headers, body);
        return SigV4Verifier.Verify(request, key, SigningName, now) switch
        {
            SigV4Failure.None => null,
            SigV4Failure.MissingAuthorization or SigV4Failure.UnknownAccessKey => AwsError.UnrecognizedClient,
            SigV4Failure.WrongService => AwsError.WrongService(SigningName),
            SigV4Failure.SignatureExpired or SigV4Failure.SignatureNotYetCurrent =>
                AwsError.InvalidSignature with { Message = SigV4Verifier.SigningTimeError(request, now)! },
            // Also PayloadHashMismatch: Bedrock, unlike S3 (XAmzContentSHA256Mismatch), signs over the hash of the body it
            // received, so a header that lies about the body gives a signature that does not match.
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
