using System.Globalization;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>A single HTTP byte range resolved against an object's size, as S3 reads <c>Range: bytes=a-b</c>.</summary>
internal sealed record ByteRange(long Offset, long Length, bool Satisfiable)
{
    /// <summary>
    /// <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; null when the header is not one range S3 honours (it then
    /// sends the whole object). A range that starts past the end is unsatisfiable (416).
    /// </summary>
    public static ByteRange? Parse(string header, long size)
    {
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header[Unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            // A suffix: the last n bytes.
            if (!TryNumber(last, out var suffix) || suffix == 0)
            {
                return suffix == 0 && last.Length > 0 ? new ByteRange(0, 0, Satisfiable: false) : null;
            }

            var length = Math.Min(suffix, size);
            return size == 0 ? new ByteRange(0, 0, Satisfiable: false) : new ByteRange(size - length, length, Satisfiable: true);
        }

        if (!TryNumber(first, out var start))
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0 && (!TryNumber(last, out end) || end < start))
        {
            return null;
        }

        return start >= size
            ? new ByteRange(0, 0, Satisfiable: false)
            : new ByteRange(start, Math.Min(end, size - 1) - start + 1, Satisfiable: true);
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
