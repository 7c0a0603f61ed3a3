using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Batch;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Batch;

[TestFixture]
internal sealed class BatchInputWriterTests
{
    private static readonly S3Uri Input = new("bucket", "bmh/run/baseline/input.jsonl");

    [Test]
    public void Write_ConverseRecords_OneLineEachWithTheOnDemandBodyWithoutRequestMetadata()
    {
        var request = BedrockTestClients.Converse() with { Tags = RequestTags.For("suite", "case one") };
        using var output = new MemoryStream();

        var size = BatchInputWriter.Write(
            output, Input, BatchInvocationType.Converse, [new("00000000000", request), new("00000100002", request)], long.MaxValue, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.That(size, Is.EqualTo(output.Length));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[2], Is.Empty, "every line ends with a newline");
        var first = JsonNode.Parse(lines[0])!.AsObject();
        var expectedBody = JsonNode.Parse(ConverseRequestWriter.Write(request with { Tags = null }));
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(p => p.Key), Is.EqualTo(new[] { "recordId", "modelInput" }));
            Assert.That((string?)first["recordId"], Is.EqualTo("00000000000"));
            Assert.That(JsonNode.DeepEquals(first["modelInput"], expectedBody), Is.True, lines[0]);
            Assert.That(first["modelInput"]!.AsObject().ContainsKey("requestMetadata"), Is.False);
            Assert.That(first["modelInput"]!.AsObject().ContainsKey("modelId"), Is.False);
            Assert.That((string?)JsonNode.Parse(lines[1])!["recordId"], Is.EqualTo("00000100002"));
        });
    }

    [Test]
    public void Write_InvokeModelRecordWithAPrettyPrintedBody_WritesTheBodyOnOneLine()
    {
        var body = "{\n  \"anthropic_version\": \"bedrock-2023-05-31\",\n  \"max_tokens\": 64,\n  \"messages\": [{\"role\": \"user\", \"content\": \"line 1\\nline 2\"}]\n}";
        var request = BedrockTestClients.Converse(invoke: new InvokeModelBody(body, "/content/0/text"));
        using var output = new MemoryStream();

        BatchInputWriter.Write(output, Input, BatchInvocationType.InvokeModel, [new("00000000000", request)], long.MaxValue, CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.That(text.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(text)!["modelInput"], JsonNode.Parse(body)), Is.True, text);
    }

    [Test]
    public void Write_ConverseRecordOfferingTools_RefusedNamingTheCaseAndTheWayOut()
    {
        var request = BedrockTestClients.Converse() with
        {
            Tools = new ToolConfiguration([new ToolDefinition("lookup", null, "{\"type\":\"object\"}", false)], null, false),
            Tags = RequestTags.For("suite", "refund-1"),
        };

        var error = Assert.Throws<BatchServiceException>(() => BatchInputWriter.Write(
            Stream.Null, Input, BatchInvocationType.Converse, [new("00000300000", request)], long.MaxValue, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith("s3://bucket/bmh/run/baseline/input.jsonl: record 00000300000 (case `refund-1`) cannot go into the batch input: it offers tools"));
        Assert.That(error.Message, Does.Contain("without --batch"));
        Assert.That(error.Retryable, Is.False);
    }

    [TestCase(BatchInvocationType.Converse, true, "it is an InvokeModel request")]
    [TestCase(BatchInvocationType.InvokeModel, false, "it is a Converse request")]
    public void Write_RecordOfTheOtherApi_Refused(BatchInvocationType type, bool invoke, string reason)
    {
        var request = BedrockTestClients.Converse(invoke: invoke ? new InvokeModelBody("{}", "/text") : null);

        var error = Assert.Throws<BatchServiceException>(() =>
            BatchInputWriter.Write(Stream.Null, Input, type, [new("00000000000", request)], long.MaxValue, CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain(reason));
    }

    [TestCase("not json", "is not JSON")]
    [TestCase("[1, 2]", "is not a JSON object")]
    public void Write_InvokeBodyThatIsNotAnObject_Refused(string body, string reason)
    {
        var request = BedrockTestClients.Converse(invoke: new InvokeModelBody(body, "/text"));

        var error = Assert.Throws<BatchServiceException>(() =>
            BatchInputWriter.Write(Stream.Null, Input, BatchInvocationType.InvokeModel, [new("00000000000", request)], long.MaxValue, CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void Write_AboveTheSizeLimit_StopsWritingButCountsTheWholeFile()
    {
        var request = BedrockTestClients.Converse();
        using var one = new MemoryStream();
        var lineSize = BatchInputWriter.Write(one, Input, BatchInvocationType.Converse, [new("00000000000", request)], long.MaxValue, CancellationToken.None);
        using var output = new MemoryStream();

        var size = BatchInputWriter.Write(
            output, Input, BatchInvocationType.Converse, Enumerable.Range(0, 10).Select(i => new BatchInputRecord($"{i:D11}", request)), (lineSize * 3) + 1, CancellationToken.None);

        Assert.That(size, Is.EqualTo(lineSize * 10));
        Assert.That(output.Length, Is.EqualTo(lineSize * 3));
    }
}
