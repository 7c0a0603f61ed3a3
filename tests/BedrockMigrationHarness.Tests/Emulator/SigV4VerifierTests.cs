using System.Text;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Auth;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class SigV4VerifierTests
{
    private const string SessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    private static readonly SigV4Key SuiteKey = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static readonly string[] SuiteCases =
    [
        "get-header-value-trim", "get-vanilla", "get-vanilla-empty-query-key", "get-vanilla-query-order-key",
        "get-vanilla-query-order-key-case", "get-vanilla-with-session-token", "post-header-key-sort", "post-vanilla",
        "post-vanilla-query", "post-x-www-form-urlencoded",
    ];

    [TestCaseSource(nameof(SuiteCases))]
    public void Verify_AwsTestSuiteVector_Accepts(string name)
    {
        var request = SuiteRequest(name);

        Assert.That(SigV4Verifier.Verify(request, SuiteKey, expectedService: null), Is.EqualTo(SigV4Failure.None));
    }

    [TestCaseSource(nameof(SuiteCases))]
    public void CanonicalRequest_AwsTestSuiteVector_MatchesCreq(string name)
    {
        var request = SuiteRequest(name);
        var authorization = SigV4Authorization.Parse(request.Headers.Single(h => h.Key == "Authorization").Value)!;

        Assert.That(SigV4Verifier.CanonicalRequest(request, authorization.SignedHeaders), Is.EqualTo(File.ReadAllText(VectorFile(name, "creq"))));
    }

    [Test]
    public void Verify_WrongSecret_IsSignatureMismatch()
    {
        var request = SuiteRequest("post-vanilla");

        Assert.That(SigV4Verifier.Verify(request, SuiteKey with { SecretAccessKey = "wrong" }, null), Is.EqualTo(SigV4Failure.SignatureMismatch));
    }

    [Test]
    public void Verify_OtherAccessKey_IsUnknownAccessKey()
    {
        Assert.That(SigV4Verifier.Verify(SuiteRequest("get-vanilla"), SuiteKey with { AccessKeyId = "AKIDOTHER" }, null), Is.EqualTo(SigV4Failure.UnknownAccessKey));
    }

    [Test]
    public void Verify_TamperedBody_IsSignatureMismatch()
    {
        var request = SuiteRequest("post-x-www-form-urlencoded") with { Body = "Param1=value2"u8.ToArray() };

        Assert.That(SigV4Verifier.Verify(request, SuiteKey, null), Is.EqualTo(SigV4Failure.SignatureMismatch));
    }

    [Test]
    public void Verify_NoAuthorization_IsMissing()
    {
        var request = new SigV4Request("GET", "/", [new("Host", "example.amazonaws.com")], Array.Empty<byte>());

        Assert.That(SigV4Verifier.Verify(request, SuiteKey, null), Is.EqualTo(SigV4Failure.MissingAuthorization));
    }

    [Test]
    public void Verify_GoldenBedrockVector_AcceptsWithDoubleEncodedPath()
    {
        var request = GoldenBedrockRequest();

        Assert.Multiple(() =>
        {
            Assert.That(SigV4Verifier.Verify(request, SuiteKey, "bedrock"), Is.EqualTo(SigV4Failure.None));
            Assert.That(
                SigV4Verifier.CanonicalRequest(request, ["content-type", "host", "x-amz-content-sha256", "x-amz-date"]),
                Does.StartWith("POST\n/model/anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse\n\n"));
        });
    }

    [Test]
    public void Verify_SignedAuthorityPseudoHeader_ReadsTheHostHeader()
    {
        // Over HTTP/2 the AWS SDK for JavaScript signs ":authority" where other SDKs sign "host".
        List<KeyValuePair<string, string>> headers = [new("Host", "127.0.0.1:4000"), new("X-Amz-Date", "20150830T123600Z")];
        var signedHeaders = new[] { ":authority", "x-amz-date" };
        var unsigned = new SigV4Request("POST", "/model/a.b%3A0/converse", headers, "{}"u8.ToArray());
        var scope = new SigV4Authorization("AKIDEXAMPLE", "20150830", "us-east-1", "bedrock", signedHeaders, string.Empty);
        var canonical = SigV4Verifier.CanonicalRequest(unsigned, signedHeaders);
        var signature = SigV4Verifier.Signature(SuiteKey.SecretAccessKey, scope, "20150830T123600Z", canonical);
        headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope.Scope}, SignedHeaders=:authority;x-amz-date, Signature={signature}"));

        Assert.That(canonical, Does.Contain("\n:authority:127.0.0.1:4000\n"));
        Assert.That(SigV4Verifier.Verify(unsigned with { Headers = headers }, SuiteKey, "bedrock"), Is.EqualTo(SigV4Failure.None));
    }

    [Test]
    public void Verify_GoldenVectorExpectingAnotherService_IsWrongService()
    {
        Assert.That(SigV4Verifier.Verify(GoldenBedrockRequest(), SuiteKey, "bedrock-runtime"), Is.EqualTo(SigV4Failure.WrongService));
    }

    [Test]
    public void Verify_ContentSha256NotTheBodysHash_IsPayloadHashMismatch()
    {
        // The signature covers the claimed hash, so without the check the request would verify.
        var request = GoldenBedrockRequest() with { Body = """{"messages":[{"role":"user"}]}"""u8.ToArray() };

        Assert.That(SigV4Verifier.Verify(request, SuiteKey, "bedrock"), Is.EqualTo(SigV4Failure.PayloadHashMismatch));
    }

    [TestCase("2015-08-30T12:51:00Z", nameof(SigV4Failure.None))]
    [TestCase("2015-08-30T12:51:01Z", nameof(SigV4Failure.SignatureExpired))]
    [TestCase("2015-08-30T12:21:00Z", nameof(SigV4Failure.None))]
    [TestCase("2015-08-30T12:20:59Z", nameof(SigV4Failure.SignatureNotYetCurrent))]
    public void Verify_SigningTimeAgainstTheClock_AllowsFifteenMinutesEitherWay(string now, string expected)
    {
        // The golden vector is signed at 20150830T123600Z.
        var clock = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(SigV4Verifier.Verify(GoldenBedrockRequest(), SuiteKey, "bedrock", clock), Is.EqualTo(Enum.Parse<SigV4Failure>(expected)));
    }

    [Test]
    public void SigningTimeError_Expired_IsAwsWording()
    {
        var now = new DateTimeOffset(2015, 8, 30, 13, 0, 0, TimeSpan.Zero);

        Assert.That(
            SigV4Verifier.SigningTimeError(GoldenBedrockRequest(), now),
            Is.EqualTo("Signature expired: 20150830T123600Z is now earlier than 20150830T124500Z (20150830T130000Z - 15 min.)"));
    }

    private static SigV4Request GoldenBedrockRequest() => new(
        "POST",
        "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
        [
            new("Content-Type", "application/json"),
            new("Host", "bedrock-runtime.us-east-1.amazonaws.com"),
            new("X-Amz-Content-SHA256", "5e4ce7b36ba37b78a5d5f9fd08e6b7b54ba6879d651aa46ec9e1d6fa24ebe30a"),
            new("X-Amz-Date", "20150830T123600Z"),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=7f33a2aef5d95047971c8ec932a349db5e243179c5f45608f3900e1e5d07f648"),
        ],
        """{"messages":[]}"""u8.ToArray());

    private static string VectorFile(string name, string extension) => Path.Combine(RepoPaths.Spec, "sigv4", name, $"{name}.{extension}");

    /// <summary>The .req file as a request, its .authz as the Authorization header (the suite's session-token case signs a token its .req omits).</summary>
    private static SigV4Request SuiteRequest(string name)
    {
        var text = File.ReadAllText(VectorFile(name, "req"));
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text : text[..blank];
        var body = blank < 0 ? string.Empty : text[(blank + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0], parts[1]))
            .ToList();
        if (name == "get-vanilla-with-session-token")
        {
            headers.Add(new("X-Amz-Security-Token", SessionToken));
        }

        headers.Add(new("Authorization", File.ReadAllText(VectorFile(name, "authz"))));
        return new SigV4Request(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetBytes(body));
    }
}
