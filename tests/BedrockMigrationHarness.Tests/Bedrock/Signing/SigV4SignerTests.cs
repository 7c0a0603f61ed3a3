using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Signing;
using Microsoft.Extensions.Time.Testing;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Bedrock.Signing;

[TestFixture]
internal sealed class SigV4SignerTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteSessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    private static readonly DateTimeOffset SuiteDate = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string GoldenCanonicalRequest =
        "POST\n" +
        "/model/anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse\n" +
        "\n" +
        "content-type:application/json\n" +
        "host:bedrock-runtime.us-east-1.amazonaws.com\n" +
        "x-amz-content-sha256:5e4ce7b36ba37b78a5d5f9fd08e6b7b54ba6879d651aa46ec9e1d6fa24ebe30a\n" +
        "x-amz-date:20150830T123600Z\n" +
        "\n" +
        "content-type;host;x-amz-content-sha256;x-amz-date\n" +
        "5e4ce7b36ba37b78a5d5f9fd08e6b7b54ba6879d651aa46ec9e1d6fa24ebe30a";

    private const string GoldenAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, " +
        "Signature=7f33a2aef5d95047971c8ec932a349db5e243179c5f45608f3900e1e5d07f648";

    /// <summary>Every case of the aws-sig-v4-test-suite copied into Fixtures/spec/sigv4.</summary>
    private static IEnumerable<string> SuiteCases() =>
        Directory.GetDirectories(RepoPaths.SpecFile("sigv4")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(SuiteCases))]
    public void Sign_TestSuiteVector_MatchesCanonicalRequestStringToSignAndAuthorization(string name)
    {
        var directory = RepoPaths.SpecFile("sigv4", name);
        var request = ParseSuiteRequest(File.ReadAllText(Path.Combine(directory, name + ".req")));
        var credentials = new AwsCredentials(AccessKey, SecretKey, null);
        if (name == "get-vanilla-with-session-token")
        {
            // The signer adds no header itself: the caller adds the token before signing (as SignedRequestFactory does).
            // Its .sreq carries a stale signature copied from get-vanilla; the .authz is the correct one.
            request = request with { Headers = [.. request.Headers, new("X-Amz-Security-Token", SuiteSessionToken)] };
        }

        var signature = SigV4Signer.Sign(request, credentials, "us-east-1", "service", SuiteDate);

        Assert.Multiple(() =>
        {
            Assert.That(signature.CanonicalRequest, Is.EqualTo(File.ReadAllText(Path.Combine(directory, name + ".creq"))));
            Assert.That(signature.StringToSign, Is.EqualTo(File.ReadAllText(Path.Combine(directory, name + ".sts"))));
            Assert.That(signature.Authorization, Is.EqualTo(File.ReadAllText(Path.Combine(directory, name + ".authz"))));
        });
    }

    [TestCase("")]
    [TestCase("tr-TR")]
    [TestCase("de-DE")]
    public void Sign_GoldenBedrockVector_MatchesSpecUnderCulture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            AssertGoldenVector();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static void AssertGoldenVector()
    {
        var body = "{\"messages\":[]}"u8.ToArray();
        var payloadHash = SigV4Encoding.Sha256Hex(body);
        var request = new SigV4Request(
            "POST",
            "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
            [],
            [
                new("Content-Type", "application/json"),
                new("Host", "bedrock-runtime.us-east-1.amazonaws.com"),
                new("X-Amz-Content-SHA256", payloadHash),
                new("X-Amz-Date", "20150830T123600Z"),
            ],
            payloadHash);

        var signature = SigV4Signer.Sign(request, new AwsCredentials(AccessKey, SecretKey, null), "us-east-1", "bedrock", SuiteDate);

        Assert.Multiple(() =>
        {
            Assert.That(signature.CanonicalRequest, Is.EqualTo(GoldenCanonicalRequest));
            Assert.That(signature.StringToSign.Split('\n')[^1], Is.EqualTo("6466e45063642bffbc6340b03e4a7b047e2664df7716540a38aa3b15d645419b"));
            Assert.That(signature.Authorization, Is.EqualTo(GoldenAuthorization));
        });
    }

    [Test]
    public void Create_GoldenBedrockRequest_SignsWithGoldenAuthorizationAndExactContentType()
    {
        var factory = new SignedRequestFactory("us-east-1", new FakeTimeProvider(SuiteDate));

        using var message = factory.Create(
            HttpMethod.Post,
            new Uri("https://bedrock-runtime.us-east-1.amazonaws.com"),
            BedrockPaths.Converse("anthropic.claude-3-5-sonnet-20241022-v2:0"),
            [],
            "{\"messages\":[]}"u8.ToArray(),
            acceptJson: false,
            new AwsCredentials(AccessKey, SecretKey, null));

        Assert.Multiple(() =>
        {
            Assert.That(message.RequestUri!.OriginalString, Is.EqualTo("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"));
            Assert.That(message.Headers.GetValues("Authorization").Single(), Is.EqualTo(GoldenAuthorization));
            Assert.That(message.Headers.GetValues("X-Amz-Date").Single(), Is.EqualTo("20150830T123600Z"));
            Assert.That(message.Content!.Headers.ContentType!.ToString(), Is.EqualTo("application/json"));
            Assert.That(message.Headers.Contains("X-Amz-Security-Token"), Is.False);
        });
    }

    [Test]
    public void Create_SessionToken_AddsAndSignsSecurityToken()
    {
        var factory = new SignedRequestFactory("us-east-1", new FakeTimeProvider(SuiteDate));

        using var message = factory.Create(
            HttpMethod.Get, new Uri("https://bedrock.us-east-1.amazonaws.com"), "/foundation-models", [], null, acceptJson: false,
            new AwsCredentials(AccessKey, SecretKey, SuiteSessionToken));

        var authorization = message.Headers.GetValues("Authorization").Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Headers.GetValues("X-Amz-Security-Token").Single(), Is.EqualTo(SuiteSessionToken));
            Assert.That(authorization, Does.Contain("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"));
            Assert.That(message.Headers.GetValues("X-Amz-Content-SHA256").Single(), Is.EqualTo(SigV4Encoding.EmptyPayloadHash));
        });
    }

    [TestCase("anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-5-sonnet-20241022-v2%3A0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0", "arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.nova-micro-v1%3A0")]
    [TestCase("a b~c_d", "a%20b~c_d")]
    public void Encode_ModelId_LeavesOnlyUnreservedCharacters(string modelId, string expected) =>
        Assert.That(SigV4Encoding.Encode(modelId), Is.EqualTo(expected));

    [Test]
    public void EmptyPayloadHash_IsSha256OfNothing() =>
        Assert.That(Convert.ToHexStringLower(SHA256.HashData([])), Is.EqualTo(SigV4Encoding.EmptyPayloadHash));

    /// <summary>Parses a suite <c>.req</c>: request line, <c>Name:value</c> headers, a blank line, the body.</summary>
    private static SigV4Request ParseSuiteRequest(string text)
    {
        var parts = text.Split("\n\n", 2);
        var lines = parts[0].Split('\n');
        var method = lines[0][..lines[0].IndexOf(' ', StringComparison.Ordinal)];
        var target = lines[0][(method.Length + 1)..lines[0].LastIndexOf(' ')];
        var path = target.Split('?', 2)[0];
        var query = target.Contains('?', StringComparison.Ordinal)
            ? target.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2))
                .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty))
                .ToList()
            : [];
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
        var body = parts.Length > 1 ? Encoding.UTF8.GetBytes(parts[1]) : [];
        return new SigV4Request(method, path, query, headers, Convert.ToHexStringLower(SHA256.HashData(body)));
    }
}
