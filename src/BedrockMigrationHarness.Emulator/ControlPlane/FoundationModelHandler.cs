using System.Globalization;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.ControlPlane;

/// <summary>GetFoundationModel and ListFoundationModels over the profile's models; end-of-life models are absent.</summary>
internal sealed class FoundationModelHandler(ModelCatalog catalog)
{
    public Task GetAsync(HttpContext context, string identifier, string region)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = catalog.ResolveFoundationModel(identifier);
        if (model is null || model.Profile.Lifecycle == ModelLifecycleStatus.Eol)
        {
            return AwsResponses.WriteErrorAsync(context, new AwsError(404, "ResourceNotFoundException", $"The model {identifier} does not exist or is no longer available."));
        }

        return AwsResponses.WriteJsonAsync(context, 200, new JsonObject { ["modelDetails"] = Describe(model, region) });
    }

    public Task ListAsync(HttpContext context, string region)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var provider = query["byProvider"].ToString();
        var modality = query["byOutputModality"].ToString();
        var inference = query["byInferenceType"].ToString();
        var customization = query["byCustomizationType"].ToString();
        var models = catalog.All
            .Where(m => m.Profile.Lifecycle != ModelLifecycleStatus.Eol)
            .Where(m => provider.Length == 0 || string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase))
            .Where(m => modality.Length == 0 || modality == "TEXT")
            .Where(m => inference.Length == 0 || inference == "ON_DEMAND")
            .Where(m => customization.Length == 0)
            .OrderBy(m => m.ModelId, StringComparer.Ordinal)
            .Select(m => (JsonNode)Describe(m, region));
        return AwsResponses.WriteJsonAsync(context, 200, new JsonObject { ["modelSummaries"] = new JsonArray([.. models]) });
    }

    private static JsonObject Describe(ResolvedModel model, string region)
    {
        var profile = model.Profile;
        var lifecycle = new JsonObject { ["status"] = profile.Lifecycle == ModelLifecycleStatus.Legacy ? "LEGACY" : "ACTIVE" };
        AddTime(lifecycle, "startOfLifeTime", profile.StartOfLife);
        AddTime(lifecycle, "legacyTime", profile.LegacyTime);
        AddTime(lifecycle, "publicExtendedAccessTime", profile.PublicExtendedAccessTime);
        AddTime(lifecycle, "endOfLifeTime", profile.EndOfLifeTime);
        return new JsonObject
        {
            ["modelArn"] = $"arn:aws:bedrock:{region}::foundation-model/{model.ModelId}",
            ["modelId"] = model.ModelId,
            ["modelName"] = model.Name,
            ["providerName"] = model.Provider,
            ["inputModalities"] = new JsonArray([.. model.InputModalities.Select(m => (JsonNode)m)]),
            ["outputModalities"] = new JsonArray("TEXT"),
            ["responseStreamingSupported"] = true,
            ["customizationsSupported"] = new JsonArray(),
            ["inferenceTypesSupported"] = new JsonArray("ON_DEMAND"),
            ["modelLifecycle"] = lifecycle,
        };
    }

    private static void AddTime(JsonObject target, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            target[name] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }
}
