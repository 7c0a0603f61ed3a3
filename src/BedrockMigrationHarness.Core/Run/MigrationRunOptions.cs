namespace BedrockMigrationHarness.Run;

/// <summary>
/// What a caller asks of a run, as given (flags or their equivalents); <see cref="MigrationRunBuilder"/> checks all of
/// it at once. Paths are absolute.
/// </summary>
/// <param name="SuitePath">The suite file.</param>
/// <param name="OutputDirectory">Where the journal and reports go; null for <c>reports/&lt;suite&gt;-&lt;UTC time&gt;</c> under <paramref name="WorkingDirectory"/>.</param>
/// <param name="ResumeDirectory">The run directory to continue (<c>--resume</c>); excludes <paramref name="OutputDirectory"/>.</param>
/// <param name="Samples">Overrides the suite's <c>samples</c>, 1 to <see cref="MigrationRunBuilder.MaxSamples"/>.</param>
/// <param name="Concurrency">Overrides the suite's <c>concurrency</c>, 1 to <see cref="MigrationRunBuilder.MaxConcurrency"/>.</param>
/// <param name="Region">Overrides the suite's <c>region</c>.</param>
/// <param name="RetryErrors">With a resume: send again the attempts that ended in an error.</param>
/// <param name="Shard">The slice to run, as written (<c>i/n</c>).</param>
/// <param name="DryRun">Plan and estimate only; no journal, no call.</param>
/// <param name="MaxCost">
/// Refuse to start above this estimated cost in US dollars; in an adaptive run also the cap on the whole run's spend (over
/// the suite's <c>adaptive.max_cost</c>).
/// </param>
/// <param name="UseEmulator">Calls go to the built-in emulator.</param>
/// <param name="Endpoint">Calls go to this endpoint; excludes <paramref name="UseEmulator"/>.</param>
/// <param name="WorkingDirectory">Where the default reports/ folder is, and what paths in messages are shown relative to.</param>
/// <param name="UntilDecided">Sample in rounds until every blocking gate is decided (<c>--until-decided</c>): the suite's <c>adaptive:</c>, or its defaults.</param>
/// <param name="MaxSamples">The adaptive run's cap on samples per case (<c>--max-samples</c>), over the suite's <c>adaptive.max_samples</c>.</param>
/// <param name="Batch">The S3 location of a batch run's objects (<c>--batch S3_URI</c>), over the suite's <c>batch.s3</c>.</param>
/// <param name="RoleArn">The service role of a batch run's jobs (<c>--role-arn ARN</c>), over the suite's <c>batch.role_arn</c>.</param>
public sealed record MigrationRunOptions(
    string SuitePath,
    string WorkingDirectory,
    string? OutputDirectory = null,
    string? ResumeDirectory = null,
    int? Samples = null,
    int? Concurrency = null,
    string? Region = null,
    bool RetryErrors = false,
    string? Shard = null,
    bool DryRun = false,
    double? MaxCost = null,
    bool UseEmulator = false,
    Uri? Endpoint = null,
    bool UntilDecided = false,
    int? MaxSamples = null,
    string? Batch = null,
    string? RoleArn = null)
{
    /// <summary>A path as the user would type it: relative to <see cref="WorkingDirectory"/> when under it.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(WorkingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
