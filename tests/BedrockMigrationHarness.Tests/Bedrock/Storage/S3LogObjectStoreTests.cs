using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Amazon.S3;
using BedrockMigrationHarness.Bedrock.Storage;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Storage;

/// <summary>
/// AWSSDK.S3 against the emulator's S3: the emulator requires SigV4, so every passing call also proves that the SDK's
/// S3 signature (path-style, service <c>s3</c>) verifies.
/// </summary>
[TestFixture]
public sealed class S3LogObjectStoreTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Test]
    public async Task ListAsync_2500KeysOverThreePages_YieldsEveryKeyInOrder()
    {
        using var root = new TempDirectory();
        var expected = new List<string>();
        for (var i = 0; i < 2500; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"AWSLogs/1/{i:D4}.json.gz");
            Write(root, key, "xy");
            expected.Add(key);
        }

        Write(root, "elsewhere/skip.json.gz", "x");
        await using var emulator = await StartAsync(root);
        using var store = Create(emulator);

        var listed = new List<StoredObject>();
        await foreach (var item in store.ListAsync(new S3Uri("logs", "AWSLogs/"), CancellationToken.None))
        {
            listed.Add(item);
        }

        Assert.That(listed.Select(o => o.Uri.Key), Is.EqualTo(expected));
        Assert.That(listed.All(o => o.Size == 2 && o.Uri.Bucket == "logs"), Is.True);
        Assert.That(emulator.Log.ToString().Split('\n').Count(l => l.StartsWith("GET /logs", StringComparison.Ordinal)), Is.EqualTo(3), "1,000 keys a page");
    }

    [Test]
    public async Task OpenReadAsync_GzipObject_StreamsItsBytesForTheCallerToGunzip()
    {
        using var root = new TempDirectory();
        var path = Path.Combine(root.Path, "logs", "AWSLogs", "1", "log.json.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"requestId\":\"r-1\"}\n{\"requestId\":\"r-2\"}\n"));
        }

        await using var emulator = await StartAsync(root);
        using var store = Create(emulator);

        string text;
        await using (var body = await store.OpenReadAsync(new S3Uri("logs", "AWSLogs/1/log.json.gz"), CancellationToken.None))
        await using (var gunzip = new GZipStream(body, CompressionMode.Decompress))
        using (var reader = new StreamReader(gunzip, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync();
        }

        Assert.That(text, Is.EqualTo("{\"requestId\":\"r-1\"}\n{\"requestId\":\"r-2\"}\n"));
    }

    [Test]
    public async Task OpenReadAsync_MissingKey_ThrowsNamingTheUriAndNoSuchKey()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "logs"));
        await using var emulator = await StartAsync(root);
        using var store = Create(emulator);

        var error = Assert.ThrowsAsync<ObjectStoreException>(() => store.OpenReadAsync(new S3Uri("logs", "data/r-1_input.json.gz"), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("s3://logs/data/r-1_input.json.gz: no such object (S3 NoSuchKey)."));
        Assert.That(error.Message, Does.Contain("aws s3 ls s3://logs/data/"));
    }

    [Test]
    public async Task ListAsync_MissingBucket_ThrowsNamingNoSuchBucket()
    {
        using var root = new TempDirectory();
        await using var emulator = await StartAsync(root);
        using var store = Create(emulator);

        var error = Assert.ThrowsAsync<ObjectStoreException>(async () => await store.ListAsync(new S3Uri("missing-bucket", "AWSLogs/"), CancellationToken.None).ToListAsync());

        Assert.That(error!.Message, Does.StartWith("s3://missing-bucket/AWSLogs/: the bucket `missing-bucket` does not exist (S3 NoSuchBucket)."));
    }

    [Test]
    public async Task ListAsync_WrongSecret_ThrowsSayingTheCredentialsWereRefused()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "logs"));
        await using var emulator = await StartAsync(root);
        using var store = S3LogObjectStore.Create("us-east-1", emulator.Server.BaseAddress, new StaticCredentialSource(AccessKey, "wrong-secret"));

        var error = Assert.ThrowsAsync<ObjectStoreException>(async () => await store.ListAsync(new S3Uri("logs", ""), CancellationToken.None).ToListAsync());

        Assert.That(error!.Message, Does.Contain("S3 refused the credentials (S3 SignatureDoesNotMatch)"));
        Assert.That(error.Message, Does.Not.Contain("wrong-secret"));
    }

    [Test]
    public async Task ListAsync_NoCredentials_ThrowsWithTheSourcesAdvice()
    {
        using var root = new TempDirectory();
        await using var emulator = await StartAsync(root);
        using var store = S3LogObjectStore.Create("us-east-1", emulator.Server.BaseAddress, new NoCredentials());

        var error = Assert.ThrowsAsync<ObjectStoreException>(async () => await store.ListAsync(new S3Uri("logs", ""), CancellationToken.None).ToListAsync());

        Assert.That(error!.Message, Is.EqualTo($"s3://logs/: {DefaultChainCredentialSource.Advice}"));
    }

    [TestCase("<NextContinuationToken>same</NextContinuationToken>", "the same continuation token again")]
    [TestCase("", "no continuation token")]
    public async Task ListAsync_TruncatedPagesWithoutANewToken_ThrowsInsteadOfListingForever(string tokenElement, string said)
    {
        var page = CannedResponse.Json(200, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>logs</Name><Prefix></Prefix><KeyCount>1</KeyCount>
            <MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>{tokenElement}
            <Contents><Key>a.json.gz</Key><Size>1</Size></Contents></ListBucketResult>
            """) with { Headers = [new("Content-Type", "application/xml")] };
        await using var server = new RawHttpServer(page);
        using var store = S3LogObjectStore.Create("us-east-1", server.BaseUri, new StaticCredentialSource(AccessKey, Secret));

        var error = Assert.ThrowsAsync<ObjectStoreException>(async () => await store.ListAsync(new S3Uri("logs", ""), CancellationToken.None).ToListAsync());

        Assert.That(error!.Message, Does.StartWith("s3://logs/: the listing at ").And.Contain(said).And.EndWith("Check --endpoint."));
        Assert.That(server.Requests, Has.Count.LessThanOrEqualTo(2));
    }

    [Test]
    public async Task OpenReadAsync_NothingListening_ThrowsSayingS3CouldNotBeReached()
    {
        var endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}/"));
        using var store = S3LogObjectStore.Create("us-east-1", endpoint, new StaticCredentialSource(AccessKey, Secret));

        var error = Assert.ThrowsAsync<ObjectStoreException>(() => store.OpenReadAsync(new S3Uri("logs", "x.json.gz"), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"s3://logs/x.json.gz: S3 at {endpoint} could not be reached"));
    }

    [Test]
    public void Describe_AccessDenied_NamesThePermissionsTheReaderNeeds()
    {
        var denied = new AmazonS3Exception("Access Denied") { ErrorCode = "AccessDenied", StatusCode = HttpStatusCode.Forbidden };

        var error = S3Failure.Describe(denied, new S3Uri("logs", "AWSLogs/"), endpoint: null);

        Assert.That(error.Message, Does.StartWith("s3://logs/AWSLogs/: access denied (S3 AccessDenied)."));
        Assert.That(error.Message, Does.Contain("s3:ListBucket on arn:aws:s3:::logs and s3:GetObject on arn:aws:s3:::logs/*"));
    }

    [Test]
    public void Describe_ExpiredToken_SaysToRefreshTheCredentials()
    {
        var expired = new AmazonS3Exception("The provided token has expired.") { ErrorCode = "ExpiredToken", StatusCode = HttpStatusCode.BadRequest };

        var error = S3Failure.Describe(expired, new S3Uri("logs", "a.json.gz"), endpoint: null);

        Assert.That(error.Message, Is.EqualTo("s3://logs/a.json.gz: the AWS credentials have expired (S3 ExpiredToken). Refresh them: `aws sso login` for an SSO profile, or new temporary credentials."));
    }

    private static Task<RunningEmulator> StartAsync(TempDirectory root) =>
        RunningEmulator.StartAsync(requireSigV4: new SigV4Key(AccessKey, Secret), s3Root: root.Path);

    private static S3LogObjectStore Create(RunningEmulator emulator) =>
        S3LogObjectStore.Create("us-east-1", emulator.Server.BaseAddress, new StaticCredentialSource(AccessKey, Secret));

    private static void Write(TempDirectory root, string key, string content)
    {
        var path = Path.Combine(root.Path, "logs", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class NoCredentials : IAwsCredentialSource
    {
        public Task<CredentialResolution> ResolveAsync(CancellationToken cancellationToken) =>
            Task.FromResult(CredentialResolution.Failed(DefaultChainCredentialSource.Advice));
    }
}
