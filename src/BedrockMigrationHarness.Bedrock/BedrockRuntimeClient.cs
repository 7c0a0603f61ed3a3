using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>
/// <see cref="IModelClient"/> over the Bedrock Runtime HTTP API: Converse, ConverseStream or InvokeModel, SigV4-signed.
/// Never throws for a failed call (every failure is a <see cref="ModelCallResult"/>); cancellation of the caller's
/// token passes through as <see cref="OperationCanceledException"/>. <see cref="ModelRequest.Timeout"/> ends a call
/// as <see cref="CallOutcome.ClientTimeout"/>. A response above <paramref name="maxResponseBytes"/> (body or whole stream)
/// ends it as <see cref="CallOutcome.MalformedResponse"/> when that is known. A Converse request whose raw JSON is not what
/// the API takes is a <see cref="CallOutcome.ValidationError"/> of type <see cref="UnsendableErrorType"/>, not sent.
/// No retries: the runner decides. Owns <paramref name="httpClient"/>.
/// </summary>
public sealed class BedrockRuntimeClient(
    HttpClient httpClient,
    Uri endpoint,
    SignedRequestFactory requestFactory,
    IAwsCredentialSource credentials,
    TimeProvider timeProvider,
    long maxResponseBytes) : IModelClient, IDisposable
{
    /// <summary>The <see cref="ModelCallResult.ErrorType"/> of a request refused before sending (see <see cref="UnsendableRequestException"/>).</summary>
    internal const string UnsendableErrorType = "UnsendableRequest";

    public async Task<ModelCallResult> SendAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var resolution = await credentials.ResolveAsync(cancellationToken);
        if (resolution.Credentials is null)
        {
            return ModelCallResult.Failure(CallOutcome.NoCredentials, 0, null, null, resolution.Error);
        }

        string path;
        byte[] body;
        try
        {
            (path, body) = request switch
            {
                { Invoke: { } invoke } => (BedrockPaths.Invoke(request.ModelId), Encoding.UTF8.GetBytes(invoke.Body)),
                { Stream: true } => (BedrockPaths.ConverseStream(request.ModelId), ConverseRequestWriter.Write(request)),
                _ => (BedrockPaths.Converse(request.ModelId), ConverseRequestWriter.Write(request)),
            };
        }
        catch (UnsendableRequestException ex)
        {
            return ModelCallResult.Failure(CallOutcome.ValidationError, 0, null, UnsendableErrorType, $"The request was not sent: {ex.Message}");
        }

        using var message = requestFactory.Create(
            HttpMethod.Post, endpoint, path, [], body, acceptJson: request.Invoke is not null, resolution.Credentials, MetadataHeader(request));

        using var timeout = new CancellationTokenSource(
            request.Timeout > TimeSpan.Zero ? request.Timeout : Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode && request.Stream && request.Invoke is null)
            {
                await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
                return await ConverseStreamReader.ReadAsync(stream, status, start, maxResponseBytes, linked.Token);
            }

            var bounded = await ResponseBody.ReadAsync(response.Content, maxResponseBytes, linked.Token);
            var latency = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (bounded is not { } responseBody)
            {
                return ModelCallResult.Failure(CallOutcome.MalformedResponse, latency, status, null, ResponseBody.TooLarge(maxResponseBytes));
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = BedrockError.FromResponse(response, responseBody);
                return ModelCallResult.Failure(error.Outcome, latency, status, error.ErrorType, error.Message);
            }

            return request.Invoke is { } invoke
                ? InvokeResponseReader.Read(responseBody, response.Headers, invoke.TextPointer, status, latency)
                : ConverseResponseReader.Read(responseBody, status, latency);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return ModelCallResult.Failure(
                CallOutcome.ClientTimeout, Stopwatch.GetElapsedTime(start).TotalMilliseconds, null, null,
                string.Create(CultureInfo.InvariantCulture, $"No complete answer within the timeout of {request.Timeout.TotalSeconds:0.###} s."));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ModelCallResult.Failure(
                CallOutcome.NetworkError, Stopwatch.GetElapsedTime(start).TotalMilliseconds, null, null, NetworkFailure.Describe(ex));
        }
    }

    /// <summary>Closes the client's connections.</summary>
    public void Dispose() => httpClient.Dispose();

    /// <summary>The InvokeModel request-metadata header: the tags as a JSON object (Converse carries them in its body).</summary>
    public const string RequestMetadataHeader = "X-Amzn-Bedrock-Request-Metadata";

    private static readonly JsonSerializerOptions MetadataJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static KeyValuePair<string, string>[]? MetadataHeader(ModelRequest request) =>
        request is { Invoke: not null, Tags: { } tags }
            ? [new(RequestMetadataHeader, JsonSerializer.Serialize(
                new Dictionary<string, string> { [RequestTags.SuiteKey] = tags.Suite, [RequestTags.CaseKey] = tags.CaseId }, MetadataJson))]
            : null;
}
