using System.Text;
using BedrockMigrationHarness.Emulator.EventStream;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class EventStreamCodecTests
{
    private static string Sample(string name) => Path.Combine(RepoPaths.Spec, "eventstream-samples", name);

    [Test]
    public void Crc32_KnownVector_MatchesZlib()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
    }

    [TestCase("converse-stream-ok.bin", 6)]
    [TestCase("converse-stream-midstream-throttle.bin", 3)]
    public void DecodeThenEncode_SampleFile_ReproducesItByteForByte(string file, int frames)
    {
        var bytes = File.ReadAllBytes(Sample(file));

        var messages = EventStreamCodec.DecodeAll(bytes);
        var reencoded = messages.SelectMany(EventStreamCodec.Encode).ToArray();

        Assert.That(messages, Has.Count.EqualTo(frames));
        Assert.That(reencoded, Is.EqualTo(bytes));
    }

    [Test]
    public void Decode_OkSample_HasBedrockEventHeadersAndPayloads()
    {
        var messages = EventStreamCodec.DecodeAll(File.ReadAllBytes(Sample("converse-stream-ok.bin")));

        Assert.That(messages.Select(m => m.Header(":event-type")), Is.EqualTo(new[] { "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata" }));
        Assert.That(messages.Select(m => m.Header(":message-type")), Is.All.EqualTo("event"));
        Assert.That(messages.Select(m => m.Header(":content-type")), Is.All.EqualTo("application/json"));
        Assert.That(Encoding.UTF8.GetString(messages[1].Payload.Span), Is.EqualTo("""{"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"abcd"}"""));
    }

    [Test]
    public void Encode_Event_BuildsTheSampleFirstFrame()
    {
        var sample = File.ReadAllBytes(Sample("converse-stream-ok.bin"));
        var frame = EventStreamCodec.Encode(EventStreamMessage.Event("messageStart", """{"p":"abcdefghijkl","role":"assistant"}"""u8.ToArray()));

        Assert.That(frame, Is.EqualTo(sample[..frame.Length]));
    }

    [Test]
    public void Encode_Exception_BuildsTheSampleThrottleFrame()
    {
        var sample = File.ReadAllBytes(Sample("converse-stream-midstream-throttle.bin"));
        var frame = EventStreamCodec.Encode(EventStreamMessage.Exception("throttlingException", """{"message":"Too many tokens, please wait before trying again."}"""u8.ToArray()));

        Assert.That(frame, Is.EqualTo(sample[^frame.Length..]));
    }

    [Test]
    public void Decode_CorruptedByte_FailsTheMessageCrc()
    {
        var bytes = File.ReadAllBytes(Sample("converse-stream-ok.bin"));
        bytes[40] ^= 0xFF;

        Assert.That(() => EventStreamCodec.DecodeAll(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("CRC"));
    }

    [Test]
    public void Decode_CorruptedPrelude_FailsThePreludeCrc()
    {
        var bytes = File.ReadAllBytes(Sample("converse-stream-ok.bin"));
        bytes[3] ^= 0x01;

        Assert.That(() => EventStreamCodec.DecodeAll(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("prelude CRC"));
    }
}
