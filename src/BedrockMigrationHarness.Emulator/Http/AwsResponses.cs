using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>An AWS rest-json error: HTTP status, the <c>x-amzn-ErrorType</c> name and the message.</summary>
internal sealed record AwsError(int Status, string Type, string Message)
{
    public const string InvalidModelIdentifier = "The provided model identifier is invalid.";

    public static AwsError InvalidModel { get; } = new(400, "ValidationException", InvalidModelIdentifier);

    public static AwsError Validation(string message) => new(400, "ValidationException", message);

    public static AwsError Throttling { get; } = new(429, "ThrottlingException", "Too many requests, please wait before trying again.");

    public static AwsError InternalServer { get; } = new(500, "InternalServerException", "The system encountered an unexpected error during processing. Try your request again.");

    public static AwsError ServiceUnavailable { get; } = new(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");

    public static AwsError ModelTimeout { get; } = new(408, "ModelTimeoutException", "Model has timed out in processing the request. Try your request again.");

    public static AwsError InvalidSignature { get; } = new(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static AwsError UnrecognizedClient { get; } = new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static AwsError WrongService(string expected) => new(403, "InvalidSignatureException", $"Credential should be scoped to correct service: '{expected}'. ");

    public static AwsError UnknownOperation { get; } = new(404, "UnknownOperationException", "The emulator does not implement this operation.");
}

/// <summary>Writes JSON bodies and AWS errors the way Bedrock does.</summary>
internal static class AwsResponses
{
    /// <summary>Compact JSON that keeps non-ASCII text readable (it is still valid JSON).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sends <c>x-amzn-ErrorType: Type</c> and <c>{"message": ...}</c> with the error's status.</summary>
    public static Task WriteErrorAsync(HttpContext context, AwsError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.Headers["x-amzn-ErrorType"] = error.Type;
        return WriteJsonAsync(context, error.Status, new JsonObject { ["message"] = error.Message });
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(JsonOptions));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
