using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>The emulator's S3 subset over plain HTTP: ListObjectsV2, GetObject, HeadObject, PutObject, errors and key safety.</summary>
[TestFixture]
public sealed class S3EndpointTests
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    [Test]
    public async Task ListObjectsV2_2500Keys_PagesOf1000WithContinuationTokens()
    {
        using var root = new TempDirectory();
        var expected = Enumerable.Range(0, 2500).Select(i => string.Create(CultureInfo.InvariantCulture, $"logs/{i:D5}.json.gz")).ToList();
        foreach (var key in expected)
        {
            Write(root, "bucket", key, "x");
        }

        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var keys = new List<string>();
        var pages = new List<(int KeyCount, bool Truncated)>();
        string? token = null;
        do
        {
            var query = "list-type=2&prefix=logs%2F" + (token is null ? string.Empty : "&continuation-token=" + Uri.EscapeDataString(token));
            var result = await ListAsync(emulator, "bucket", query);
            keys.AddRange(result.Elements(S3 + "Contents").Select(c => c.Element(S3 + "Key")!.Value));
            pages.Add((int.Parse(result.Element(S3 + "KeyCount")!.Value, CultureInfo.InvariantCulture), result.Element(S3 + "IsTruncated")!.Value == "true"));
            Assert.That(result.Element(S3 + "MaxKeys")!.Value, Is.EqualTo("1000"), "the default page");
            token = result.Element(S3 + "NextContinuationToken")?.Value;
        }
        while (token is not null);

        Assert.That(pages, Is.EqualTo(new[] { (1000, true), (1000, true), (500, false) }));
        Assert.That(keys, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListObjectsV2_MaxKeysAbove1000_IsCappedAt1000()
    {
        using var root = new TempDirectory();
        for (var i = 0; i < 1001; i++)
        {
            Write(root, "bucket", string.Create(CultureInfo.InvariantCulture, $"k{i:D4}"), "x");
        }

        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var result = await ListAsync(emulator, "bucket", "list-type=2&max-keys=5000");

        Assert.That(result.Elements(S3 + "Contents").Count(), Is.EqualTo(1000));
        Assert.That(result.Element(S3 + "IsTruncated")!.Value, Is.EqualTo("true"));
    }

    [Test]
    public async Task ListObjectsV2_PrefixAndDelimiter_RollUpCommonPrefixesAcrossPages()
    {
        using var root = new TempDirectory();
        foreach (var key in new[] { "AWSLogs/1/a.gz", "AWSLogs/1/b.gz", "AWSLogs/2/c.gz", "AWSLogs/top.gz", "AWSLogs/zz/d.gz", "other/e.gz" })
        {
            Write(root, "bucket", key, "x");
        }

        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var first = await ListAsync(emulator, "bucket", "list-type=2&prefix=AWSLogs%2F&delimiter=%2F&max-keys=2");
        var token = first.Element(S3 + "NextContinuationToken")!.Value;
        var second = await ListAsync(emulator, "bucket", "list-type=2&prefix=AWSLogs%2F&delimiter=%2F&max-keys=2&continuation-token=" + Uri.EscapeDataString(token));

        Assert.Multiple(() =>
        {
            Assert.That(Prefixes(first), Is.EqualTo(new[] { "AWSLogs/1/", "AWSLogs/2/" }));
            Assert.That(Keys(first), Is.Empty);
            Assert.That(first.Element(S3 + "Delimiter")!.Value, Is.EqualTo("/"));
            Assert.That(Keys(second), Is.EqualTo(new[] { "AWSLogs/top.gz" }), "keys under a rolled-up prefix are not listed again on the next page");
            Assert.That(Prefixes(second), Is.EqualTo(new[] { "AWSLogs/zz/" }));
            Assert.That(second.Element(S3 + "IsTruncated")!.Value, Is.EqualTo("false"));
        });
    }

    [Test]
    public async Task ListObjectsV2_StartAfter_ListsOnlyLaterKeys()
    {
        using var root = new TempDirectory();
        foreach (var key in new[] { "a", "b", "c/d", "e" })
        {
            Write(root, "bucket", key, "x");
        }

        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var result = await ListAsync(emulator, "bucket", "list-type=2&start-after=b");

        Assert.That(Keys(result), Is.EqualTo(new[] { "c/d", "e" }));
        Assert.That(result.Element(S3 + "StartAfter")!.Value, Is.EqualTo("b"));
    }

    [Test]
    public async Task ListObjectsV2_EncodingTypeUrl_PercentEncodesSpacesAndUnicode()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "data/req 1_input.json.gz", "x");
        Write(root, "bucket", "data/résumé+ü.json", "x");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var encoded = await ListAsync(emulator, "bucket", "list-type=2&encoding-type=url&prefix=data%2F");
        var plain = await ListAsync(emulator, "bucket", "list-type=2&prefix=data%2F");

        Assert.Multiple(() =>
        {
            Assert.That(encoded.Element(S3 + "EncodingType")!.Value, Is.EqualTo("url"));
            Assert.That(Keys(encoded), Is.EqualTo(new[] { "data/req%201_input.json.gz", "data/r%C3%A9sum%C3%A9%2B%C3%BC.json" }));
            Assert.That(Keys(plain), Is.EqualTo(new[] { "data/req 1_input.json.gz", "data/résumé+ü.json" }));
        });
    }

    [Test]
    public async Task ListObjectsV2_KeysBeyondTheBmp_SortInUtf8ByteOrder()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "\U0001F600", "x"); // UTF-8 F0 9F 98 80; UTF-16 D83D DE00
        Write(root, "bucket", "\uE000", "x");     // UTF-8 EE 80 80;    UTF-16 E000
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var result = await ListAsync(emulator, "bucket", "list-type=2");

        Assert.That(Keys(result), Is.EqualTo(new[] { "\uE000", "\U0001F600" }), "S3 orders by UTF-8 bytes, not by UTF-16 code units");
    }

    [Test]
    public async Task ListObjectsV2_ContentsCarryS3sFields()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "one.txt", "hello");
        File.SetLastWriteTimeUtc(root.File("bucket/one.txt"), new DateTime(2026, 3, 1, 12, 30, 45, 123, DateTimeKind.Utc));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        var item = (await ListAsync(emulator, "bucket", "list-type=2")).Element(S3 + "Contents")!;

        Assert.Multiple(() =>
        {
            Assert.That(item.Element(S3 + "LastModified")!.Value, Is.EqualTo("2026-03-01T12:30:45.123Z"));
            Assert.That(item.Element(S3 + "ETag")!.Value, Is.EqualTo($"\"{Md5Hex("hello")}\""));
            Assert.That(item.Element(S3 + "Size")!.Value, Is.EqualTo("5"));
            Assert.That(item.Element(S3 + "StorageClass")!.Value, Is.EqualTo("STANDARD"));
        });
    }

    [TestCase("continuation-token=not-a-token")]
    [TestCase("continuation-token=Ym9ndXM%3D")]
    [TestCase("max-keys=-1")]
    [TestCase("encoding-type=base64")]
    public async Task ListObjectsV2_BadArgument_Answers400InvalidArgument(string query)
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(new Uri("/bucket?list-type=2&" + query, UriKind.Relative));

        var error = await ErrorAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Code, Is.EqualTo("InvalidArgument"));
    }

    [Test]
    public async Task ListObjectsV2_MissingBucket_AnswersNoSuchBucketXml()
    {
        using var root = new TempDirectory();
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(new Uri("/no-such-bucket?list-type=2", UriKind.Relative));

        var error = await ErrorAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
        Assert.That((error.Code, error.Message), Is.EqualTo(("NoSuchBucket", "The specified bucket does not exist")));
    }

    [Test]
    public async Task GetObject_WholeObject_SendsTheBytesAndS3Headers()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "dir/file.json", "{\"a\":1}");
        File.SetLastWriteTimeUtc(root.File("bucket/dir/file.json"), new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(new Uri("/bucket/dir/file.json", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"a\":1}"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(7));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("binary/octet-stream"));
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo($"\"{Md5Hex("{\"a\":1}")}\""));
            Assert.That(response.Content.Headers.GetValues("Last-Modified").Single(), Is.EqualTo("Sun, 01 Mar 2026 12:00:00 GMT"));
            Assert.That(response.Headers.Contains("x-amz-request-id"), Is.True);
        });
    }

    [TestCase("bytes=2-5", "2345", "bytes 2-5/10")]
    [TestCase("bytes=7-", "789", "bytes 7-9/10")]
    [TestCase("bytes=-3", "789", "bytes 7-9/10")]
    [TestCase("bytes=8-100", "89", "bytes 8-9/10")]
    public async Task GetObject_Range_Answers206WithThoseBytes(string range, string body, string contentRange)
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "digits", "0123456789");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/bucket/digits", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await emulator.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(body));
        Assert.That(response.Content.Headers.GetValues("Content-Range").Single(), Is.EqualTo(contentRange));
    }

    [Test]
    public async Task GetObject_RangePastTheEnd_Answers416InvalidRange()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "digits", "0123456789");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/bucket/digits", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Range", "bytes=10-20");

        using var response = await emulator.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestedRangeNotSatisfiable));
        Assert.That((await ErrorAsync(response)).Code, Is.EqualTo("InvalidRange"));
    }

    [Test]
    public async Task GetObject_MissingKey_AnswersNoSuchKeyXml()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(new Uri("/bucket/data/missing_input.json.gz", UriKind.Relative));

        var error = await ErrorAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((error.Code, error.Message), Is.EqualTo(("NoSuchKey", "The specified key does not exist.")));
        Assert.That(error.Document.Root!.Element("Key")!.Value, Is.EqualTo("data/missing_input.json.gz"));
    }

    [Test]
    public async Task HeadObject_ExistingAndMissing_AnswerWithoutBody()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "file", "12345");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var found = await emulator.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/bucket/file", UriKind.Relative)));
        using var missing = await emulator.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/bucket/nope", UriKind.Relative)));

        Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(found.Content.Headers.ContentLength, Is.EqualTo(5));
        Assert.That(await found.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await missing.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [TestCase("/bucket/%2E%2E/outside.txt")]
    [TestCase("/bucket/a/%2E%2E/%2E%2E/outside.txt")]
    [TestCase("/bucket//outside.txt")]
    [TestCase("/bucket/a%5C..%5Coutside.txt")]
    public async Task GetObject_KeyThatLeavesItsFolder_IsRefused(string path)
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket/a"));
        File.WriteAllText(root.File("outside.txt"), "secret");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(RawUri(emulator, path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = await ErrorAsync(response);
        Assert.That(error.Code, Is.EqualTo("InvalidArgument"));
        Assert.That(error.Message, Does.StartWith("The emulator keeps objects as files under its S3 root and refuses the key"));
    }

    [Test]
    public async Task GetObject_NulInTheKey_IsRefusedBeforeRouting()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await emulator.Client.GetAsync(RawUri(emulator, "/bucket/a%00b"));

        // Kestrel itself answers 400 to a NUL in the decoded path; S3Folder refuses it too (S3FolderTests).
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task GetObjectAndList_SymbolicLinkOutOfTheRoot_IsNotFollowed()
    {
        using var root = new TempDirectory();
        using var outside = new TempDirectory();
        File.WriteAllText(outside.File("secret.txt"), "secret");
        Directory.CreateDirectory(root.File("bucket"));
        File.CreateSymbolicLink(root.File("bucket/link.txt"), outside.File("secret.txt"));
        Directory.CreateSymbolicLink(root.File("bucket/dir"), outside.Path);
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var file = await emulator.Client.GetAsync(new Uri("/bucket/link.txt", UriKind.Relative));
        using var throughFolder = await emulator.Client.GetAsync(new Uri("/bucket/dir/secret.txt", UriKind.Relative));
        var listed = await ListAsync(emulator, "bucket", "list-type=2");

        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(throughFolder.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Keys(listed), Is.Empty);
    }

    [Test]
    public async Task PutObject_ThenGetObject_RoundTripsWithTheMd5ETag()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        var body = Encoding.UTF8.GetBytes("{\"requestId\":\"r-1\"}\n");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentMD5 = MD5.HashData(body);

        using var put = await emulator.Client.PutAsync(new Uri("/bucket/AWSLogs/1/x%20y.json", UriKind.Relative), content);
        using var get = await emulator.Client.GetAsync(new Uri("/bucket/AWSLogs/1/x%20y.json", UriKind.Relative));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(put.Headers.ETag?.Tag, Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\""));
        Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(body));
        Assert.That(File.ReadAllBytes(root.File("bucket/AWSLogs/1/x y.json")), Is.EqualTo(body), "keys map to folders and files");
        Assert.That(Directory.EnumerateFiles(root.File(".bmh-uploads")), Is.Empty, "the temporary upload was renamed into place");
    }

    [Test]
    public async Task PutObject_WrongContentMd5_AnswersBadDigestAndStoresNothing()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var content = new ByteArrayContent("body"u8.ToArray());
        content.Headers.ContentMD5 = MD5.HashData("other"u8);

        using var put = await emulator.Client.PutAsync(new Uri("/bucket/key", UriKind.Relative), content);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorAsync(put)).Code, Is.EqualTo("BadDigest"));
        Assert.That(File.Exists(root.File("bucket/key")), Is.False);
    }

    [Test]
    public async Task PutObject_ContentSha256NotTheBodys_AnswersXAmzContentSHA256Mismatch()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/bucket/key", UriKind.Relative)) { Content = new ByteArrayContent("body"u8.ToArray()) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("other"u8)));

        using var put = await emulator.Client.SendAsync(request);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorAsync(put)).Code, Is.EqualTo("XAmzContentSHA256Mismatch"));
        Assert.That(File.Exists(root.File("bucket/key")), Is.False);
    }

    [Test]
    public async Task PutObject_AwsChunkedWithTrailingChecksum_StoresTheDecodedBytes()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        // The framing of STREAMING-UNSIGNED-PAYLOAD-TRAILER as the AWS SDKs send it: chunks, a zero chunk, trailers, CRLF.
        var framed = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/bucket/chunked.txt", UriKind.Relative)) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(framed)) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        request.Headers.TryAddWithoutValidation("x-amz-trailer", "x-amz-checksum-crc32");
        request.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", "11");
        request.Content.Headers.ContentEncoding.Add("aws-chunked");

        using var put = await emulator.Client.SendAsync(request);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That(File.ReadAllText(root.File("bucket/chunked.txt")), Is.EqualTo("hello world"));
    }

    [Test]
    public async Task PutObject_AwsChunkedShorterThanDeclared_AnswersIncompleteBody()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("bucket"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/bucket/chunked.txt", UriKind.Relative)) { Content = new ByteArrayContent("5\r\nhello\r\n0\r\n\r\n"u8.ToArray()) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        request.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", "11");

        using var put = await emulator.Client.SendAsync(request);

        Assert.That((await ErrorAsync(put)).Code, Is.EqualTo("IncompleteBody"));
        Assert.That(File.Exists(root.File("bucket/chunked.txt")), Is.False);
    }

    [Test]
    public async Task RequireSigV4_UnsignedS3Request_AnswersAccessDenied()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "file", "x");
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: new SigV4Key("AKIDEXAMPLE", "secret"), s3Root: root.Path);

        using var get = await emulator.Client.GetAsync(new Uri("/bucket/file", UriKind.Relative));
        using var list = await emulator.Client.GetAsync(new Uri("/bucket?list-type=2", UriKind.Relative));

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await ErrorAsync(get)).Code, Is.EqualTo("AccessDenied"));
        Assert.That((await ErrorAsync(list)).Code, Is.EqualTo("AccessDenied"));
    }

    [Test]
    public async Task VirtualHostedStyle_AnswersAnErrorThatSaysPathStyle()
    {
        using var root = new TempDirectory();
        Write(root, "bucket", "file", "x");
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/file", UriKind.Relative));
        request.Headers.Host = "bucket.localhost:" + emulator.Server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);

        using var response = await emulator.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorAsync(response)).Message, Does.Contain("path-style only").And.Contain("ForcePathStyle"));
    }

    [Test]
    public async Task BedrockRoutes_WithS3Served_StillAnswer()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("model"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("Hello"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a bucket named `model` does not shadow Bedrock's /model/... routes");
    }

    private static void Write(TempDirectory root, string bucket, string key, string content)
    {
        var path = Path.Combine(root.Path, bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static async Task<XElement> ListAsync(RunningEmulator emulator, string bucket, string query)
    {
        using var response = await emulator.Client.GetAsync(new Uri($"/{bucket}?{query}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var root = XDocument.Parse(text).Root!;
        Assert.That(root.Name, Is.EqualTo(S3 + "ListBucketResult"));
        return root;
    }

    private static List<string> Keys(XElement result) =>
        result.Elements(S3 + "Contents").Select(c => c.Element(S3 + "Key")!.Value).ToList();

    private static List<string> Prefixes(XElement result) =>
        result.Elements(S3 + "CommonPrefixes").Select(c => c.Element(S3 + "Prefix")!.Value).ToList();

    private static async Task<(string Code, string Message, XDocument Document)> ErrorAsync(HttpResponseMessage response)
    {
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(document.Root!.Name.LocalName, Is.EqualTo("Error"));
        return (document.Root.Element("Code")!.Value, document.Root.Element("Message")!.Value, document);
    }

    private static Uri RawUri(RunningEmulator emulator, string path) =>
        new(emulator.Server.BaseAddress.ToString().TrimEnd('/') + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
