namespace BedrockMigrationHarness.Emulator.EventStream;

/// <summary>One header of an event-stream message. Bedrock only sends string headers (type 7).</summary>
/// <param name="Type">The wire type byte (0 true … 9 uuid).</param>
/// <param name="Value">The value; for strings the text, for other types a readable rendering (decoder only).</param>
internal sealed record EventStreamHeader(string Name, byte Type, string Value)
{
    /// <summary>The wire type of a UTF-8 string header.</summary>
    public const byte StringType = 7;

    public static EventStreamHeader String(string name, string value) => new(name, StringType, value);
}

/// <summary>One binary event-stream message (application/vnd.amazon.eventstream).</summary>
internal sealed record EventStreamMessage(IReadOnlyList<EventStreamHeader> Headers, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The value of the first header named <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name == name)?.Value;

    /// <summary>A Bedrock event: <c>:event-type</c>, <c>:content-type: application/json</c>, <c>:message-type: event</c>.</summary>
    public static EventStreamMessage Event(string eventType, byte[] jsonPayload) => new(
        [
            EventStreamHeader.String(":event-type", eventType),
            EventStreamHeader.String(":content-type", "application/json"),
            EventStreamHeader.String(":message-type", "event"),
        ],
        jsonPayload);

    /// <summary>A modelled stream exception: <c>:exception-type</c>, <c>:content-type</c>, <c>:message-type: exception</c>.</summary>
    public static EventStreamMessage Exception(string exceptionType, byte[] jsonPayload) => new(
        [
            EventStreamHeader.String(":exception-type", exceptionType),
            EventStreamHeader.String(":content-type", "application/json"),
            EventStreamHeader.String(":message-type", "exception"),
        ],
        jsonPayload);
}
