using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>One call's drawn fate and answer, before any wire format.</summary>
/// <param name="Anthropic">The body is an Anthropic Messages body (InvokeModel), so the answer is one too.</param>
/// <param name="Random">The call's generator, for whatever the rendering still draws (ids).</param>
internal sealed record DrawnCall(bool Anthropic, Answer Answer, CallPlan Plan, Random Random)
{
    /// <summary>
    /// The service error the plan injects before any answer (throttling, 500, 503, model timeout); null when the call
    /// answers. Transport faults (reset, malformed body, midstream, slow) are not here: they damage an answer.
    /// </summary>
    public AwsError? ServiceError => Plan.Error switch
    {
        InjectedError.Throttle => AwsError.Throttling,
        InjectedError.ServerError => AwsError.InternalServer,
        InjectedError.ServiceUnavailable => AwsError.ServiceUnavailable,
        InjectedError.ModelTimeout => AwsError.ModelTimeout,
        _ => null,
    };
}

/// <summary>
/// What the runtime endpoints and batch jobs share: read a Converse or InvokeModel body the way the service does,
/// apply the profile's rules for the case, draw the call's plan and build its answer, and render the answer as the
/// operation's response body. One implementation, so a batch record is answered exactly as the same request on demand.
/// </summary>
internal static class CallAnswerer
{
    /// <summary>Reads <paramref name="json"/> as the operation takes it and checks it against the model's capabilities.</summary>
    /// <param name="invoke">InvokeModel (the model's own body) rather than Converse.</param>
    /// <returns>The request, and whether it is an Anthropic Messages body.</returns>
    /// <exception cref="RequestValidationException">The service would refuse the body (400 ValidationException).</exception>
    public static (ChatRequest Request, bool Anthropic) Read(JsonObject json, bool invoke, ResolvedModel model)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(model);
        var anthropic = invoke && json.ContainsKey("anthropic_version");
        var request = !invoke ? ConverseRequestReader.Read(json)
            : anthropic ? AnthropicRequestReader.Read(json)
            : IsNovaBody(json) ? ConverseRequestReader.Read(json)
            : throw new RequestValidationException("Malformed input request: the emulator understands Anthropic Messages bodies (anthropic_version) and Amazon Nova bodies (schemaVersion messages-v1), please reformat your input and try again.");
        CapabilityChecker.Check(request, model.Capabilities);
        return (request, anthropic);
    }

    /// <summary>Draws the call's plan from <paramref name="random"/> and builds the answer the model, with its rules for the case, gives.</summary>
    /// <param name="caseId">The case id the request carries (rules match it), or null.</param>
    public static DrawnCall Draw(ResolvedModel model, ChatRequest request, bool anthropic, string? caseId, Random random, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var behaviour = model.Profile.ForCase(caseId, request.PromptText);
        var plan = CallPlan.Draw(behaviour, random, streaming, request.MaxTokens);
        return new DrawnCall(anthropic, AnswerBuilder.Build(request, behaviour, plan, random), plan, random);
    }

    /// <summary>The response body of Converse (with <paramref name="latencyMs"/>) or of InvokeModel (Anthropic or Nova).</summary>
    public static JsonObject Render(DrawnCall call, Answer answer, bool invoke, string modelId, long latencyMs)
    {
        ArgumentNullException.ThrowIfNull(call);
        return !invoke ? AnswerJson.Converse(answer, latencyMs)
            : call.Anthropic ? AnswerJson.Anthropic(answer, modelId, call.Random)
            : AnswerJson.Nova(answer);
    }

    private static bool IsNovaBody(JsonObject json) =>
        json["schemaVersion"]?.ToString() == "messages-v1"
        || (json["messages"] is JsonArray messages && messages.All(m => m?["content"] is JsonArray content && content.All(b => b is JsonObject)));
}
