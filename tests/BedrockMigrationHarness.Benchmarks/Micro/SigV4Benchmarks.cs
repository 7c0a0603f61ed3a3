using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// Building one signed Converse request as the client does for every call: the request body (JSON), the
/// HttpRequestMessage with its SigV4 headers (payload hash, canonical request, key derivation, signature).
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private static readonly Uri Endpoint = new("https://bedrock-runtime.us-east-1.amazonaws.com/");

    private readonly SignedRequestFactory _factory = new("us-east-1", TimeProvider.System);
    private readonly AwsCredentials _credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private ModelRequest _request = null!;
    private byte[] _body = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        SuiteDefinition suite = BenchWorkload.Example;
        _request = RunPlan.Create(suite).Attempts[0].Request;
        _body = ConverseRequestWriter.Write(_request);
        _path = BedrockPaths.Converse(_request.ModelId);
    }

    [Benchmark]
    public int WriteConverseBody() => ConverseRequestWriter.Write(_request).Length;

    [Benchmark]
    public int SignRequest()
    {
        using HttpRequestMessage message = _factory.Create(HttpMethod.Post, Endpoint, _path, [], _body, acceptJson: false, _credentials);
        return message.Headers.Count();
    }
}
