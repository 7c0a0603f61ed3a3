using System.Text.Json;

namespace BedrockMigrationHarness.Import;

/// <summary>The model families whose InvokeModel bodies the importer decodes.</summary>
internal enum ModelFamily
{
    Anthropic,
    Nova,
    Llama,
}

/// <summary>
/// Which family an InvokeModel record belongs to: from the model id (a base id, a cross-Region profile id such as
/// <c>us.anthropic...</c>, or an ARN of a foundation model or inference profile); when the id hides it (an
/// application inference profile, a provisioned model, an unknown id), from the body's shape.
/// </summary>
internal static class ModelFamilies
{
    private static readonly string[] ProfilePrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

    /// <summary>The base model id without ARN or profile prefix; null when the id hides the model (an application inference profile or provisioned model ARN).</summary>
    public static string? BaseModelId(string modelId)
    {
        var id = modelId;
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:partition:service:region:account:resource, where the resource (kind/model-id) may itself hold colons.
            var parts = id.Split(':', 6);
            var slash = parts.Length == 6 ? parts[5].IndexOf('/') : -1;
            if (slash < 0 || parts[5][..slash] is not ("foundation-model" or "inference-profile"))
            {
                return null;
            }

            id = parts[5][(slash + 1)..];
        }

        foreach (var prefix in ProfilePrefixes)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return id[prefix.Length..];
            }
        }

        return id;
    }

    public static ModelFamily Detect(string modelId, JsonElement body)
    {
        var baseId = BaseModelId(modelId);
        if (baseId is not null)
        {
            if (baseId.StartsWith("anthropic.", StringComparison.Ordinal))
            {
                return ModelFamily.Anthropic;
            }

            if (baseId.StartsWith("amazon.nova-", StringComparison.Ordinal) && !baseId.StartsWith("amazon.nova-canvas", StringComparison.Ordinal)
                && !baseId.StartsWith("amazon.nova-reel", StringComparison.Ordinal) && !baseId.StartsWith("amazon.nova-sonic", StringComparison.Ordinal))
            {
                return ModelFamily.Nova;
            }

            if (baseId.StartsWith("meta.llama", StringComparison.Ordinal))
            {
                return ModelFamily.Llama;
            }
        }

        return FromShape(body) ?? throw new RecordRejectedException(DropReason.UnknownModelFamily, baseId is null
            ? $"model `{modelId}` does not name its model and the body is none of Anthropic Messages, Amazon Nova messages-v1 or a Llama chat prompt"
            : $"model `{baseId}` has no InvokeModel decoder (Anthropic Messages, Amazon Nova and Meta Llama have)");
    }

    private static ModelFamily? FromShape(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (JsonFields.Optional(body, "anthropic_version") is not null)
        {
            return ModelFamily.Anthropic;
        }

        if (JsonFields.Optional(body, "schemaVersion") is { ValueKind: JsonValueKind.String } version && version.GetString() == "messages-v1")
        {
            return ModelFamily.Nova;
        }

        return JsonFields.Optional(body, "prompt") is { ValueKind: JsonValueKind.String } prompt
               && prompt.GetString()!.Contains(LlamaBodies.HeaderStart, StringComparison.Ordinal)
            ? ModelFamily.Llama
            : null;
    }
}
