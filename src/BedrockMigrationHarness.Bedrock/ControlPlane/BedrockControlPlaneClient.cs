using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.ControlPlane;

/// <summary>
/// The Bedrock control plane (bedrock 2023-04-20): foundation models and their lifecycle, and the JSON calls of batch
/// inference (<see cref="SendJsonAsync"/>). Signed requests; a GET or a body-less POST signs the empty-body hash.
/// Failures come back as <see cref="ControlPlaneError"/>; only cancellation throws. Owns <paramref name="httpClient"/>.
/// A response above <paramref name="maxResponseBytes"/> is a <see cref="CallOutcome.MalformedResponse"/> error.
/// </summary>
public sealed class BedrockControlPlaneClient(
    HttpClient httpClient,
    Uri endpoint,
    SignedRequestFactory requestFactory,
    IAwsCredentialSource credentials,
    TimeProvider timeProvider,
    TimeSpan requestTimeout,
    long maxResponseBytes) : IDisposable
{
    /// <summary><c>GET /foundation-models/{modelIdentifier}</c>: a model ID or a foundation-model ARN.</summary>
    public async Task<ControlPlaneResult<FoundationModelInfo>> GetFoundationModelAsync(string modelIdentifier, CancellationToken cancellationToken)
    {
        var result = await SendJsonAsync(HttpMethod.Get, BedrockPaths.FoundationModel(modelIdentifier), [], body: null, cancellationToken);
        if (!result.IsSuccess)
        {
            return ControlPlaneResult<FoundationModelInfo>.Failure(result.Error);
        }

        using var document = result.Value;
        try
        {
            return document.RootElement.Member("modelDetails") is { } details && FoundationModelParser.Parse(details) is { } model
                ? ControlPlaneResult<FoundationModelInfo>.Success(model)
                : ControlPlaneResult<FoundationModelInfo>.Failure(Unparsable());
        }
        catch (InvalidOperationException)
        {
            return ControlPlaneResult<FoundationModelInfo>.Failure(NotText());
        }
    }

    /// <summary><c>GET /foundation-models</c>, filtered by the non-null arguments (e.g. <c>Anthropic</c>, <c>TEXT</c>, <c>ON_DEMAND</c>).</summary>
    public async Task<ControlPlaneResult<ImmutableArray<FoundationModelInfo>>> ListFoundationModelsAsync(
        string? byProvider, string? byOutputModality, string? byInferenceType, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>>();
        AddIfSet(query, "byProvider", byProvider);
        AddIfSet(query, "byOutputModality", byOutputModality);
        AddIfSet(query, "byInferenceType", byInferenceType);

        var result = await SendJsonAsync(HttpMethod.Get, BedrockPaths.FoundationModels, query, body: null, cancellationToken);
        if (!result.IsSuccess)
        {
            return ControlPlaneResult<ImmutableArray<FoundationModelInfo>>.Failure(result.Error);
        }

        using var document = result.Value;
        if (document.RootElement.Member("modelSummaries") is not { ValueKind: JsonValueKind.Array } summaries)
        {
            return ControlPlaneResult<ImmutableArray<FoundationModelInfo>>.Failure(Unparsable());
        }

        try
        {
            var models = summaries.EnumerateArray().Select(FoundationModelParser.Parse).OfType<FoundationModelInfo>();
            return ControlPlaneResult<ImmutableArray<FoundationModelInfo>>.Success([.. models]);
        }
        catch (InvalidOperationException)
        {
            return ControlPlaneResult<ImmutableArray<FoundationModelInfo>>.Failure(NotText());
        }
    }

    /// <summary>
    /// One signed control-plane call: <paramref name="path"/> as sent on the wire (<see cref="BedrockPaths"/>), the JSON
    /// <paramref name="body"/> when given. A 2xx answer's JSON (the caller disposes it), or the error: the service's (type,
    /// status and message), a timeout, a network failure, an answer that is not JSON or too large, or missing credentials.
    /// </summary>
    internal async Task<ControlPlaneResult<JsonDocument>> SendJsonAsync(
        HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, byte[]? body, CancellationToken cancellationToken)
    {
        var resolution = await credentials.ResolveAsync(cancellationToken);
        if (resolution.Credentials is null)
        {
            return ControlPlaneResult<JsonDocument>.Failure(
                new ControlPlaneError(CallOutcome.NoCredentials, null, null, resolution.Error ?? DefaultChainCredentialSource.Advice));
        }

        using var message = requestFactory.Create(method, endpoint, path, query, body, acceptJson: false, resolution.Credentials);
        using var timeout = new CancellationTokenSource(requestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (await ResponseBody.ReadAsync(response.Content, maxResponseBytes, linked.Token) is not { } answer)
            {
                return ControlPlaneResult<JsonDocument>.Failure(
                    new ControlPlaneError(CallOutcome.MalformedResponse, status, null, ResponseBody.TooLarge(maxResponseBytes)));
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = BedrockError.FromResponse(response, answer);
                return ControlPlaneResult<JsonDocument>.Failure(
                    new ControlPlaneError(error.Outcome, status, error.ErrorType, error.Message ?? "(no message)"));
            }

            return ControlPlaneResult<JsonDocument>.Success(AnswerFields.Parse(answer));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return ControlPlaneResult<JsonDocument>.Failure(
                new ControlPlaneError(CallOutcome.ClientTimeout, null, null, $"No answer from {endpoint.Host} within the timeout."));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ControlPlaneResult<JsonDocument>.Failure(
                new ControlPlaneError(CallOutcome.NetworkError, null, null, NetworkFailure.Describe(ex)));
        }
        catch (JsonException)
        {
            return ControlPlaneResult<JsonDocument>.Failure(Unparsable());
        }
        catch (MalformedResponseException ex)
        {
            return ControlPlaneResult<JsonDocument>.Failure(new ControlPlaneError(CallOutcome.MalformedResponse, null, null, ex.Message));
        }
    }

    /// <summary>A string in the answer holds a lone surrogate (<c>\ud800</c>): reading it as text throws, so it is not an answer.</summary>
    private static ControlPlaneError NotText() =>
        new(CallOutcome.MalformedResponse, null, null, "The control-plane response holds a string that is not valid Unicode text (a lone surrogate).");

    private static ControlPlaneError Unparsable() =>
        new(CallOutcome.NetworkError, null, null, "The control-plane response is not the JSON it should be.");

    private static void AddIfSet(List<KeyValuePair<string, string>> query, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Add(new(name, value));
        }
    }

    /// <summary>Closes the client's connections.</summary>
    public void Dispose() => httpClient.Dispose();
}
