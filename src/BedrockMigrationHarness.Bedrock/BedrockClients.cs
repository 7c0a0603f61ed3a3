using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Bedrock.Runtime;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>The clients of one configuration; disposing closes their shared connections.</summary>
internal sealed class BedrockClients(HttpClient httpClient, BedrockRuntimeClient runtime, BedrockControlPlaneClient controlPlane) : IDisposable
{
    /// <summary>Converse / ConverseStream / InvokeModel, as the runner's <see cref="Execution.IModelClient"/>.</summary>
    public BedrockRuntimeClient Runtime { get; } = runtime;

    public BedrockControlPlaneClient ControlPlane { get; } = controlPlane;

    public void Dispose() => httpClient.Dispose();
}
