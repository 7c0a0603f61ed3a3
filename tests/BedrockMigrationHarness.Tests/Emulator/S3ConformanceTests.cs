using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>
/// Fidelity of the emulator's S3 subset against the official clients: boto3/botocore (with SigV4 required, so its
/// S3 signatures must verify) and the AWS CLI's <c>aws s3 ls</c> / <c>aws s3 cp</c>. These never skip: without python3,
/// boto3 or the AWS CLI they fail and say what to install.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class S3ConformanceTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string LogKey = "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/03/01/12/log.json.gz";
    private static readonly string[] LogLines = ["{\"requestId\":\"r-1\",\"operation\":\"Converse\"}", "{\"requestId\":\"r-2\",\"operation\":\"InvokeModel\"}"];

    private static string Script => Path.Combine(RepoPaths.Conformance, "s3_conformance.py");

    [Test]
    public async Task Boto3_ListGetHeadPutAndErrors_ParseEveryAnswer()
    {
        using var root = new TempDirectory();
        Seed(root);
        File.WriteAllText(root.File("outside.txt"), "must not be served");
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: new SigV4Key(AccessKey, Secret), s3Root: root.Path);

        var cases = await ConformanceScript.RunAsync(Script, emulator.Server.BaseAddress, "s3", AccessKey, Secret);

        Assert.Multiple(() =>
        {
            var paginate = cases["paginate"];
            AssertOk(paginate);
            Assert.That(paginate["key_counts"]!.AsArray().Select(n => n!.GetValue<int>()), Is.EqualTo(new[] { 1000, 500 }));
            Assert.That(paginate["keys"]!.GetValue<int>(), Is.EqualTo(1500));
            Assert.That(paginate["sorted"]!.GetValue<bool>(), Is.True);

            var delimiter = cases["delimiter"];
            AssertOk(delimiter);
            Assert.That(delimiter["prefixes"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "AWSLogs/", "data/", "many/" }));

            var special = cases["special_keys"];
            AssertOk(special);
            Assert.That(special["keys"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "data/req 1_input.json.gz", "data/résumé+ü.json" }), "botocore sends encoding-type=url and decodes");

            var gz = cases["get_gzip"];
            AssertOk(gz);
            Assert.That(gz["lines"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(LogLines));
            Assert.That(gz["content_type"]!.GetValue<string>(), Is.EqualTo("binary/octet-stream"));
            Assert.That(gz["etag"]!.GetValue<string>(), Is.EqualTo($"\"{Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(root.Path, "logs", LogKey))))}\""));

            var range = cases["get_range"];
            AssertOk(range);
            Assert.That(range["status"]!.GetValue<int>(), Is.EqualTo(206));
            Assert.That(range["length"]!.GetValue<int>(), Is.EqualTo(2));

            AssertOk(cases["head"]);
            var small = cases["put_small"];
            AssertOk(small);
            Assert.That(small["etag"]!.GetValue<string>(), Is.EqualTo($"\"{small["md5"]!.GetValue<string>()}\""));
            Assert.That(small["round_trip"]!.GetValue<bool>(), Is.True);

            var large = cases["upload_large"];
            AssertOk(large);
            Assert.That(large["content_length"]!.GetValue<long>(), Is.EqualTo(12 * 1024 * 1024));
            Assert.That(large["round_trip"]!.GetValue<bool>(), Is.True);

            AssertError(cases["no_such_key"], "NoSuchKey", 404);
            AssertError(cases["head_missing"], "404", 404);
            AssertError(cases["no_such_bucket"], "NoSuchBucket", 404);
            AssertError(cases["escaping_key"], "InvalidArgument", 400);
            AssertError(cases["wrong_secret"], "SignatureDoesNotMatch", 403);
            AssertError(cases["unknown_key"], "InvalidAccessKeyId", 403);
        });
        Assert.That(emulator.Log.ToString(), Does.Not.Contain(Secret).And.Not.Contain("Signature="), "secrets and Authorization never reach the log");
    }

    [Test]
    public async Task AwsCli_S3LsRecursiveAndCpToStdout_ReadTheEmulator()
    {
        using var root = new TempDirectory();
        Seed(root);
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: new SigV4Key(AccessKey, Secret), s3Root: root.Path);
        var environment = ExternalProcess.IsolatedAwsEnvironment();
        environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        var endpoint = emulator.Server.BaseAddress.ToString().TrimEnd('/');

        var ls = await ExternalProcess.RunAsync("aws", ["s3", "ls", "s3://logs/AWSLogs/", "--recursive", "--endpoint-url", endpoint], environment);
        if (ls is null)
        {
            Assert.Fail("The AWS CLI ('aws') is not installed; install it (pip install awscli) to run the emulator fidelity tests.");
            return;
        }

        var cp = await ExternalProcess.RunAsync("aws", ["s3", "cp", "s3://logs/data/req 1_input.json.gz", "-", "--endpoint-url", endpoint], environment);

        Assert.That(ls.ExitCode, Is.Zero, ls.StandardError);
        Assert.That(ls.StandardOutput, Does.Contain(LogKey));
        Assert.That(cp!.ExitCode, Is.Zero, cp.StandardError);
        Assert.That(cp.StandardOutput, Is.EqualTo("{\"body\":1}"));
    }

    /// <summary>Bucket <c>logs</c>: 1,500 keys under <c>many/</c>, a gzipped log object, and keys with a space and non-ASCII letters.</summary>
    private static void Seed(TempDirectory root)
    {
        var bucket = Directory.CreateDirectory(root.File("logs")).FullName;
        var many = Directory.CreateDirectory(Path.Combine(bucket, "many")).FullName;
        for (var i = 0; i < 1500; i++)
        {
            File.WriteAllText(Path.Combine(many, string.Create(CultureInfo.InvariantCulture, $"{i:D4}.json")), "{}");
        }

        var log = Path.Combine(bucket, LogKey);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        using (var gzip = new GZipStream(File.Create(log), CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', LogLines) + "\n"));
        }

        Directory.CreateDirectory(Path.Combine(bucket, "data"));
        File.WriteAllText(Path.Combine(bucket, "data", "req 1_input.json.gz"), "{\"body\":1}");
        File.WriteAllText(Path.Combine(bucket, "data", "résumé+ü.json"), "{}");
    }

    private static void AssertOk(JsonObject result) =>
        Assert.That(result["ok"]?.GetValue<bool>(), Is.True, result.ToJsonString());

    private static void AssertError(JsonObject result, string code, int status)
    {
        Assert.That(result["error_code"]?.GetValue<string>(), Is.EqualTo(code), result.ToJsonString());
        Assert.That(result["status"]?.GetValue<int>(), Is.EqualTo(status), result.ToJsonString());
    }
}
