using System.Text;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Auth;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>
/// The SigV4 verifier's S3 dialect against AWS's published S3 examples ("Signature Calculations for the Authorization
/// Header: Transferring Payload in a Single Chunk", Amazon S3 API Reference): GET Object with a Range, PUT Object whose
/// key needs encoding, and a ListObjects query: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
/// (its example key, date, headers and signatures).
/// </summary>
[TestFixture]
public sealed class S3SigV4Tests
{
    private static readonly SigV4Key Key = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Host = "examplebucket.s3.amazonaws.com";
    private const string Date = "20130524T000000Z";

    [Test]
    public void Verify_AwsGetObjectExample_Passes()
    {
        var request = Request("GET", "/test.txt", "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", EmptySha256, ("Range", "bytes=0-9"));

        Assert.That(SigV4Verifier.Verify(request, Key, "s3", dialect: SigV4Dialect.S3), Is.EqualTo(SigV4Failure.None));
    }

    [TestCase("/test$file.text")]
    [TestCase("/test%24file.text")]
    public void Verify_AwsPutObjectExample_PassesHoweverTheKeyWasEncodedOnTheWire(string rawPath)
    {
        var request = Request("PUT", rawPath, "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"));

        Assert.That(SigV4Verifier.Verify(request, Key, "s3", dialect: SigV4Dialect.S3), Is.EqualTo(SigV4Failure.None));
    }

    [Test]
    public void Verify_AwsPutObjectExampleInTheStandardDialect_FailsBecauseBedrockEncodesThePathTwice()
    {
        var request = Request("PUT", "/test%24file.text", "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"));
        var body = Encoding.UTF8.GetBytes("Welcome to Amazon S3.");

        Assert.That(SigV4Verifier.Verify(request with { Body = body }, Key, "s3"), Is.EqualTo(SigV4Failure.SignatureMismatch));
    }

    [Test]
    public void Verify_AwsListObjectsExample_Passes()
    {
        var request = Request("GET", "/?max-keys=2&prefix=J", "host;x-amz-content-sha256;x-amz-date",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", EmptySha256);

        Assert.That(SigV4Verifier.Verify(request, Key, "s3", dialect: SigV4Dialect.S3), Is.EqualTo(SigV4Failure.None));
    }

    [Test]
    public void Verify_S3DialectWithoutContentSha256_IsMissingContentSha256()
    {
        var request = Request("GET", "/test.txt", "host;x-amz-date", "00", contentSha256: null);

        Assert.That(SigV4Verifier.Verify(request, Key, "s3", dialect: SigV4Dialect.S3), Is.EqualTo(SigV4Failure.MissingContentSha256));
    }

    private static SigV4Request Request(string method, string rawTarget, string signedHeaders, string signature, string? contentSha256, params (string Name, string Value)[] extra)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", Host),
            new("x-amz-date", Date),
            new("Authorization", $"AWS4-HMAC-SHA256 Credential={Key.AccessKeyId}/20130524/us-east-1/s3/aws4_request,SignedHeaders={signedHeaders},Signature={signature}"),
        };
        if (contentSha256 is not null)
        {
            headers.Add(new("x-amz-content-sha256", contentSha256));
        }

        headers.AddRange(extra.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
        return new SigV4Request(method, rawTarget, headers, ReadOnlyMemory<byte>.Empty);
    }
}
