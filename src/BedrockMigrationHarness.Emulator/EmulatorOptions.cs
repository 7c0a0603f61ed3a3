namespace BedrockMigrationHarness.Emulator;

/// <summary>How to start an <see cref="EmulatorServer"/>.</summary>
/// <param name="Profile">The models the emulator serves and how they behave.</param>
/// <param name="Port">TCP port on 127.0.0.1; 0 (the default) picks a free ephemeral port.</param>
/// <param name="RequireSigV4">When set, every request must carry a valid SigV4 signature made with this key; otherwise signatures are not checked.</param>
/// <param name="Log">Receives one line per request (method, path, status, milliseconds); null logs nothing.</param>
/// <param name="SigningClock">
/// The clock <see cref="RequireSigV4"/> checks each request's signing time against (AWS refuses more than 15 minutes
/// either way); null is the system clock. Only the signature check reads it.
/// </param>
/// <param name="S3Root">
/// When set, the emulator also serves an S3 subset (path-style ListObjectsV2, GetObject, HeadObject, PutObject,
/// multipart uploads, DeleteObject) from this existing folder: each sub-folder is a bucket, each file an object (docs/emulator.md, "S3").
/// Null (the default) serves no S3. Batch inference jobs need it: they read their input from it, write their output to it
/// and keep their state in <c>S3Root/.bmh-batch-jobs/</c>, so an emulator started again on the same root continues them.
/// </param>
/// <param name="Clock">
/// The clock batch inference jobs progress by (each status lasts as long as the profile's <c>batch:</c> section says);
/// null is the system clock. Runtime latencies and the signature check do not read it.
/// </param>
public sealed record EmulatorOptions(
    EmulatorProfile Profile, int Port = 0, SigV4Key? RequireSigV4 = null, TextWriter? Log = null, TimeProvider? SigningClock = null, string? S3Root = null, TimeProvider? Clock = null);

/// <summary>An AWS access key pair the emulator accepts. <see cref="ToString"/> never shows the secret.</summary>
public sealed record SigV4Key(string AccessKeyId, string SecretAccessKey)
{
    /// <summary>Parses <c>KEY:SECRET</c> (the secret may itself contain <c>:</c>).</summary>
    /// <exception cref="FormatException">The text is not <c>KEY:SECRET</c> with both parts non-empty.</exception>
    public static SigV4Key Parse(string keyColonSecret)
    {
        ArgumentNullException.ThrowIfNull(keyColonSecret);
        var colon = keyColonSecret.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == keyColonSecret.Length - 1)
        {
            throw new FormatException("Expected KEY:SECRET, for example AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.");
        }

        return new SigV4Key(keyColonSecret[..colon], keyColonSecret[(colon + 1)..]);
    }

    /// <summary>The access key id only: the secret must never reach a log.</summary>
    public override string ToString() => $"SigV4Key {{ AccessKeyId = {AccessKeyId} }}";
}
