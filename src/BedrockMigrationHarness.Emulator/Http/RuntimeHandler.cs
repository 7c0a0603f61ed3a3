using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>The runtime operations a call can name in <c>/model/{modelId}/{operation}</c>.</summary>
internal enum RuntimeOperation
{
    Converse,
    ConverseStream,
    Invoke,
}

/// <summary>
/// Serves Converse, ConverseStream and InvokeModel for a resolved model: validates the body, draws the call's fate
/// from the per-request random, waits the drawn latency, and answers or fails as the profile says.
/// </summary>
internal sealed class RuntimeHandler(RequestRandom randoms, TimeProvider time)
{
    private readonly PromptCache _cache = new();

    /// <param name="arrival">How many runtime requests to this model arrived before this one (for throttle bursts).</param>
    public async Task HandleAsync(HttpContext context, RuntimeOperation operation, ResolvedModel? model, byte[] body, long arrival)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (model is null || model.Profile.Lifecycle == ModelLifecycleStatus.Eol)
        {
            await AwsResponses.WriteErrorAsync(context, AwsError.InvalidModel);
            return;
        }

        // Before the per-request random is drawn: a burst does not shift the answers of the requests that get through.
        if (model.Profile.ThrottleBursts?.Throttles(arrival) == true)
        {
            await AwsResponses.WriteErrorAsync(context, AwsError.Throttling);
            return;
        }

        DrawnCall call;
        ChatRequest request;
        var invoke = operation == RuntimeOperation.Invoke;
        try
        {
            var json = JsonNode.Parse(body) as JsonObject ?? throw new RequestValidationException("Malformed input request: the body must be a JSON object, please reformat your input and try again.");
            var caseId = invoke
                ? CaseIdReader.FromHeader(context.Request.Headers[CaseIdReader.InvokeHeader].FirstOrDefault())
                : CaseIdReader.FromBody(json);
            (request, var anthropic) = CallAnswerer.Read(json, invoke, model);
            call = CallAnswerer.Draw(model, request, anthropic, caseId, randoms.Next(model.ModelId, body), operation == RuntimeOperation.ConverseStream);
        }
        catch (JsonException e)
        {
            await AwsResponses.WriteErrorAsync(context, AwsError.Validation($"Malformed input request: {e.Message}, please reformat your input and try again."));
            return;
        }
        catch (RequestValidationException e)
        {
            await AwsResponses.WriteErrorAsync(context, AwsError.Validation(e.Message));
            return;
        }

        var (answer, plan, random) = (call.Answer, call.Plan, call.Random);
        var immediate = call.ServiceError;
        if (immediate is not null)
        {
            await AwsResponses.WriteErrorAsync(context, immediate);
            return;
        }

        // Cached prefix tokens are reported apart from the rest of the input, as Bedrock does.
        var (read, written) = _cache.Use(model.ModelId, request.CachePrefix);
        answer = answer with
        {
            InputTokens = Math.Max(1, answer.InputTokens - read - written),
            CacheReadInputTokens = read,
            CacheWriteInputTokens = written,
        };

        if (operation == RuntimeOperation.ConverseStream)
        {
            await new ConverseStreamWriter(context, random, time).WriteAsync(answer, plan);
            return;
        }

        await PreciseDelay.UntilAsync(time.GetTimestamp(), plan.LatencyMs, time, context.RequestAborted);
        var latencyMs = (long)Math.Round(plan.LatencyMs);
        var response = CallAnswerer.Render(call, answer, invoke, model.ModelId, latencyMs);
        if (invoke)
        {
            context.Response.Headers["X-Amzn-Bedrock-Input-Token-Count"] = AnswerJson.HeaderNumber(answer.InputTokens);
            context.Response.Headers["X-Amzn-Bedrock-Output-Token-Count"] = AnswerJson.HeaderNumber(answer.OutputTokens);
            context.Response.Headers["X-Amzn-Bedrock-Invocation-Latency"] = AnswerJson.HeaderNumber(latencyMs);
        }

        if (plan.Error is InjectedError.MalformedBody or InjectedError.Reset)
        {
            await WriteBrokenAsync(context, response, plan.Error);
            return;
        }

        await AwsResponses.WriteJsonAsync(context, 200, response);
    }

    /// <summary>A 200 whose JSON is cut in half: ended cleanly (malformed body) or by dropping the connection (reset).</summary>
    private static async Task WriteBrokenAsync(HttpContext context, JsonObject response, InjectedError error)
    {
        var bytes = Encoding.UTF8.GetBytes(response.ToJsonString(AwsResponses.JsonOptions));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (error == InjectedError.MalformedBody)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
            return;
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    }
}
