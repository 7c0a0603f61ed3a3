using System.Globalization;
using System.Text.Json;
using System.Text;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Http;

/// <summary>A Bedrock error: its outcome class, the error code as AWS names it, and the service's message.</summary>
internal sealed record BedrockError(CallOutcome Outcome, string ErrorType, string? Message)
{
    /// <summary>The message real Bedrock sends for an end-of-life (or unknown) model ID.</summary>
    public const string InvalidModelIdentifierMessage = "The provided model identifier is invalid.";

    private const int MaxRawMessageLength = 200;

    /// <summary>
    /// Reads an HTTP error the way botocore's rest-json parser does: the code from <c>x-amzn-ErrorType</c>, else the
    /// body's <c>code</c>/<c>Code</c>/<c>__type</c>, else the status; cut at the first <c>:</c>, keep what follows the
    /// last <c>#</c>. The message from the body's <c>message</c>/<c>Message</c>.
    /// </summary>
    public static BedrockError FromResponse(HttpResponseMessage response, ReadOnlyMemory<byte> body)
    {
        var status = (int)response.StatusCode;
        var errorTypeHeader = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? bodyCode = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                bodyCode = StringMember(root, "code") ?? StringMember(root, "Code") ?? StringMember(root, "__type");
                message = StringMember(root, "message") ?? StringMember(root, "Message");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): keep the start of it as the message.
            var text = Encoding.UTF8.GetString(body.Span).Trim();
            message = text.Length == 0 ? null : text[..Math.Min(text.Length, MaxRawMessageLength)];
        }

        var code = NormalizeCode(errorTypeHeader) ?? NormalizeCode(bodyCode);
        if (code is null)
        {
            var statusText = status.ToString(CultureInfo.InvariantCulture);
            return new BedrockError(status >= 500 ? CallOutcome.ServerError : CallOutcome.ValidationError, statusText, message);
        }

        return new BedrockError(Classify(code, message) ?? (status >= 500 ? CallOutcome.ServerError : CallOutcome.ValidationError), code, message);
    }

    /// <summary>An exception inside an event stream (<c>:exception-type</c> in lowerCamel case, e.g. <c>throttlingException</c>).</summary>
    public static BedrockError FromStreamException(string exceptionType, string? message)
    {
        var code = string.IsNullOrEmpty(exceptionType) ? "UnknownException" : char.ToUpperInvariant(exceptionType[0]) + exceptionType[1..];
        return new BedrockError(Classify(code, message) ?? CallOutcome.ServerError, code, message);
    }

    /// <summary>The outcome of a known AWS error code, or null for a code this client does not know.</summary>
    public static CallOutcome? Classify(string code, string? message) => code switch
    {
        "ThrottlingException" => CallOutcome.Throttled,
        "ModelNotReadyException" => CallOutcome.ModelNotReady,
        "ValidationException" when string.Equals(message?.Trim(), InvalidModelIdentifierMessage, StringComparison.OrdinalIgnoreCase)
            => CallOutcome.ModelEndOfLife,
        "ValidationException" => CallOutcome.ValidationError,
        "AccessDeniedException" or "InvalidSignatureException" or "UnrecognizedClientException" or "ExpiredTokenException"
            => CallOutcome.AccessDenied,
        "ResourceNotFoundException" => CallOutcome.ResourceNotFound,
        "ServiceQuotaExceededException" => CallOutcome.ServiceQuotaExceeded,
        "ModelTimeoutException" => CallOutcome.ModelTimeout,
        "ModelErrorException" or "ModelStreamErrorException" => CallOutcome.ModelError,
        "InternalServerException" => CallOutcome.ServerError,
        "ServiceUnavailableException" => CallOutcome.ServiceUnavailable,
        _ => null,
    };

    private static string? NormalizeCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Split(':', 2)[0];
        var hash = code.LastIndexOf('#');
        code = (hash >= 0 ? code[(hash + 1)..] : code).Trim();
        return code.Length == 0 ? null : code;
    }

    private static string? StringMember(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate (\ud800) is not text; say so rather than fail the call's classification.
            return $"(the error's `{name}` is not valid Unicode text)";
        }
    }
}
