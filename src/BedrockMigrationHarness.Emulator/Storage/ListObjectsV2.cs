using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>The query of a ListObjectsV2 request (<c>GET /bucket?list-type=2&amp;...</c>), validated.</summary>
/// <param name="Marker">Where the page starts (exclusive): the continuation token's position, else <c>start-after</c>.</param>
/// <param name="MarkerIsPrefix">The token ended on a common prefix: every key under it was rolled up and is skipped.</param>
internal sealed record ListObjectsV2Query(
    string Prefix, string? Delimiter, int MaxKeys, string? ContinuationToken, string? StartAfter, bool UrlEncoding, string? Marker, bool MarkerIsPrefix)
{
    /// <summary>S3's default and largest page.</summary>
    public const int MaxPage = 1000;

    private const string TokenVersion = "bmh1";

    /// <summary>Reads the decoded query parameters; an <c>InvalidArgument</c> error names the one that is wrong.</summary>
    public static S3Error? TryParse(IReadOnlyDictionary<string, string> query, out ListObjectsV2Query parsed)
    {
        parsed = new ListObjectsV2Query(string.Empty, null, MaxPage, null, null, false, null, false);
        var maxKeys = MaxPage;
        if (query.TryGetValue("max-keys", out var maxText))
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys))
            {
                return S3Error.InvalidArgument("Provided max-keys not an integer or within integer range");
            }

            maxKeys = Math.Min(maxKeys, MaxPage);
        }

        var urlEncoding = false;
        if (query.TryGetValue("encoding-type", out var encoding))
        {
            if (encoding != "url")
            {
                return S3Error.InvalidArgument("Invalid Encoding Method specified in Request");
            }

            urlEncoding = true;
        }

        query.TryGetValue("continuation-token", out var token);
        query.TryGetValue("start-after", out var startAfter);
        var marker = startAfter is { Length: > 0 } ? startAfter : null;
        var markerIsPrefix = false;
        if (token is not null)
        {
            // S3 continues from the token and ignores start-after then.
            if (!TryDecodeToken(token, out marker, out markerIsPrefix))
            {
                return S3Error.InvalidArgument("The continuation token provided is incorrect");
            }
        }

        query.TryGetValue("delimiter", out var delimiter);
        parsed = new ListObjectsV2Query(
            query.GetValueOrDefault("prefix") ?? string.Empty,
            delimiter is { Length: > 0 } ? delimiter : null,
            maxKeys, token, startAfter, urlEncoding, marker, markerIsPrefix);
        return null;
    }

    /// <summary>One page over <paramref name="sortedKeys"/> (every key under <see cref="Prefix"/>, in UTF-8 order).</summary>
    public ListObjectsV2Page Page(IEnumerable<string> sortedKeys)
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        var skipUnder = MarkerIsPrefix ? Marker : null;
        string? last = null;
        var lastIsPrefix = false;
        var truncated = false;
        foreach (var key in sortedKeys)
        {
            if ((Marker is not null && Utf8Order.Instance.Compare(key, Marker) <= 0)
                || (skipUnder is not null && key.StartsWith(skipUnder, StringComparison.Ordinal)))
            {
                continue;
            }

            var rolledUp = RolledUp(key);
            if (keys.Count + prefixes.Count >= MaxKeys)
            {
                truncated = true;
                break;
            }

            if (rolledUp is not null)
            {
                prefixes.Add(rolledUp);
                skipUnder = rolledUp;
            }
            else
            {
                keys.Add(key);
            }

            last = rolledUp ?? key;
            lastIsPrefix = rolledUp is not null;
        }

        return new ListObjectsV2Page(keys, prefixes, truncated, truncated && last is not null ? EncodeToken(last, lastIsPrefix) : null);
    }

    /// <summary>Writes the <c>ListBucketResult</c> document.</summary>
    public byte[] Document(string bucket, ListObjectsV2Page page, Func<string, S3ObjectFile?> describe) => S3Xml.Document(xml =>
    {
        xml.WriteStartElement("ListBucketResult", S3Xml.Namespace);
        xml.WriteElementString("Name", bucket);
        xml.WriteElementString("Prefix", Encode(Prefix));
        if (Delimiter is not null)
        {
            xml.WriteElementString("Delimiter", Encode(Delimiter));
        }

        xml.WriteElementString("MaxKeys", MaxKeys.ToString(CultureInfo.InvariantCulture));
        if (UrlEncoding)
        {
            xml.WriteElementString("EncodingType", "url");
        }

        xml.WriteElementString("KeyCount", (page.Keys.Count + page.CommonPrefixes.Count).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("IsTruncated", page.IsTruncated ? "true" : "false");
        if (ContinuationToken is not null)
        {
            xml.WriteElementString("ContinuationToken", ContinuationToken);
        }

        if (page.NextContinuationToken is not null)
        {
            xml.WriteElementString("NextContinuationToken", page.NextContinuationToken);
        }

        if (StartAfter is not null)
        {
            xml.WriteElementString("StartAfter", Encode(StartAfter));
        }

        foreach (var key in page.Keys)
        {
            if (describe(key) is not { } item)
            {
                continue; // deleted between the walk and now
            }

            xml.WriteStartElement("Contents");
            xml.WriteElementString("Key", Encode(key));
            xml.WriteElementString("LastModified", item.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            xml.WriteElementString("ETag", item.ETag);
            xml.WriteElementString("Size", item.Size.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("StorageClass", "STANDARD");
            xml.WriteEndElement();
        }

        foreach (var prefix in page.CommonPrefixes)
        {
            xml.WriteStartElement("CommonPrefixes");
            xml.WriteElementString("Prefix", Encode(prefix));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    });

    /// <summary>With <c>encoding-type=url</c>, S3 percent-encodes keys so that any byte survives XML; <c>/</c> stays readable.</summary>
    private string Encode(string value) => UrlEncoding ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

    private string? RolledUp(string key)
    {
        if (Delimiter is null)
        {
            return null;
        }

        var at = key.IndexOf(Delimiter, Prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + Delimiter.Length)];
    }

    private static string EncodeToken(string position, bool isPrefix) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenVersion}{(isPrefix ? 'P' : 'K')}{position}"));

    private static bool TryDecodeToken(string token, out string? position, out bool isPrefix)
    {
        position = null;
        isPrefix = false;
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!text.StartsWith(TokenVersion, StringComparison.Ordinal) || text.Length < TokenVersion.Length + 2 || text[TokenVersion.Length] is not ('K' or 'P'))
        {
            return false;
        }

        isPrefix = text[TokenVersion.Length] == 'P';
        position = text[(TokenVersion.Length + 1)..];
        return true;
    }
}

/// <summary>One page of a listing: the keys, the rolled-up common prefixes, and the token of the next page.</summary>
internal sealed record ListObjectsV2Page(IReadOnlyList<string> Keys, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextContinuationToken);
