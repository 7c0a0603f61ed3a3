namespace BedrockMigrationHarness.Bedrock.Signing;

/// <summary>What SigV4 signs of an HTTP request.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="WirePath">The path exactly as sent on the wire (labels already percent-encoded once).</param>
/// <param name="Query">Query parameters, not encoded.</param>
/// <param name="Headers">Every header to sign (name, value), including <c>host</c> and <c>x-amz-date</c>; names in any case.</param>
/// <param name="PayloadHash">Lower-case hex SHA-256 of the body.</param>
internal sealed record SigV4Request(
    string Method,
    string WirePath,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>The intermediate and final values of a signature; the canonical request and string to sign help debugging.</summary>
internal sealed record SigV4Signature(string CanonicalRequest, string SignedHeaders, string StringToSign, string Authorization);
