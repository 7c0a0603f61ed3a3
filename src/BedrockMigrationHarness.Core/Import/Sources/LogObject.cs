namespace BedrockMigrationHarness.Import;

/// <summary>One file or S3 object of log records, opened (possibly twice) by <see cref="OpenAsync"/>.</summary>
/// <param name="Name">The path or <c>s3://</c> URI, as drops and progress name it.</param>
/// <param name="OpenAsync">Opens the bytes as stored (gzip not undone).</param>
internal sealed record LogObject(string Name, Func<CancellationToken, Task<Stream>> OpenAsync);
