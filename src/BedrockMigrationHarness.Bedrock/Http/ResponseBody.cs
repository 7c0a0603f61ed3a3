using System.Globalization;

namespace BedrockMigrationHarness.Bedrock.Http;

/// <summary>
/// Reads a response body up to a byte cap, so a server that declares or streams more (a body that never ends) costs at
/// most the cap in memory, not gigabytes before the call's timeout.
/// </summary>
internal static class ResponseBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The whole body, or null as soon as it is known to be longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var collected = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int count;
        while ((count = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (collected.Length + count > maxBytes)
            {
                return null;
            }

            collected.Write(chunk, 0, count);
        }

        return collected.GetBuffer().AsMemory(0, (int)collected.Length);
    }

    /// <summary>The message of a call whose body passed the cap.</summary>
    public static string TooLarge(long maxBytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"The response is larger than the client's cap of {Describe(maxBytes)} (BedrockClientOptions.MaxResponseBytes); reading stopped there.");

    private static string Describe(long bytes) => bytes % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
