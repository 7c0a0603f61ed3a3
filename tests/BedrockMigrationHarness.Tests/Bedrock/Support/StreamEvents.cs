using Amazon.Runtime.EventStreams;

namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>ConverseStream frames in the real event-stream encoding (AWSSDK.Core's encoder), to script a stream byte for byte.</summary>
internal static class StreamEvents
{
    /// <summary>An <c>event</c> message of <paramref name="eventType"/> with a JSON payload.</summary>
    public static byte[] Event(string eventType, string json) =>
        new EventStreamMessage(
            [Header(":event-type", eventType), Header(":content-type", "application/json"), Header(":message-type", "event")],
            System.Text.Encoding.UTF8.GetBytes(json)).ToByteArray();

    public static EventStreamHeader Header(string name, string value)
    {
        var header = new EventStreamHeader(name);
        header.SetString(value);
        return header;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
