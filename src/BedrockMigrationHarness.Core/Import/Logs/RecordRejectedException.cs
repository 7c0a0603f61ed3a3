namespace BedrockMigrationHarness.Import;

/// <summary>
/// A log record cannot become an invocation: thrown by the decoders (records are hostile input), caught by
/// <see cref="InvocationRecordDecoder"/> for that record alone and turned into a <see cref="DroppedRecord"/>.
/// </summary>
internal sealed class RecordRejectedException(DropReason reason, string detail) : Exception(detail)
{
    public DropReason Reason { get; } = reason;

    public static RecordRejectedException Malformed(string detail) => new(DropReason.MalformedRecord, detail);

    public static RecordRejectedException Unreplayable(string detail) => new(DropReason.UnreplayableConversation, detail);
}
