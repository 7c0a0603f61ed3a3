namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A service or transport failure the profile injects into one call.</summary>
internal enum InjectedError
{
    None,
    Throttle,
    ServerError,
    ServiceUnavailable,
    ModelTimeout,
    Reset,
    MalformedBody,
    Midstream,
    Slow,
}

/// <summary>The drawn fate of one call: which error (if any), how long it takes and how many tokens it answers.</summary>
/// <param name="LatencyMs">Total time to answer (already 10× for <see cref="InjectedError.Slow"/>).</param>
/// <param name="FirstTokenMs">Streaming: time to the first delta.</param>
/// <param name="OutputTokens">Output tokens, clamped to [1, maxTokens].</param>
/// <param name="HitMaxTokens">The drawn count exceeded maxTokens, so the answer stops with max_tokens.</param>
internal sealed record CallPlan(InjectedError Error, double LatencyMs, double FirstTokenMs, int OutputTokens, bool HitMaxTokens)
{
    /// <summary>maxTokens when the request sets none.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>z of the 99th percentile of the standard normal: sigma = ln(p99/median) / 2.3263.</summary>
    private const double Z99 = 2.3263;

    /// <summary>Draws the plan; always consumes the same random numbers so one rate never shifts the others.</summary>
    public static CallPlan Draw(ModelProfile model, Random random, bool streaming, int? maxTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        var errors = model.Errors;
        (InjectedError Kind, double Rate)[] candidates =
        [
            (InjectedError.Throttle, errors.Throttle),
            (InjectedError.ServerError, errors.ServerError),
            (InjectedError.ServiceUnavailable, errors.ServiceUnavailable),
            (InjectedError.ModelTimeout, errors.ModelTimeout),
            (InjectedError.Reset, errors.Reset),
            (InjectedError.MalformedBody, errors.MalformedBody),
            (InjectedError.Midstream, streaming ? errors.Midstream : 0),
            (InjectedError.Slow, errors.Slow),
        ];
        var error = InjectedError.None;
        foreach (var (kind, rate) in candidates)
        {
            var draw = random.NextDouble();
            if (error == InjectedError.None && draw < rate)
            {
                error = kind;
            }
        }

        var z = StandardNormal(random);
        var latency = model.Latency switch
        {
            { FixedMs: { } fixedMs } => fixedMs,
            { MedianMs: { } median and > 0, P99Ms: { } p99 } => median * Math.Exp(Math.Log(p99 / median) / Z99 * z),
            _ => 0,
        };
        var firstToken = Math.Min(latency, model.Latency.FirstTokenMs ?? latency * 0.3);
        if (error == InjectedError.Slow)
        {
            latency *= 10;
            firstToken *= 10;
        }

        var limit = Math.Max(1, maxTokens ?? DefaultMaxTokens);
        var drawnTokens = (int)Math.Round(model.OutputTokens.Mean + (model.OutputTokens.StandardDeviation * StandardNormal(random)));
        var tokens = Math.Clamp(drawnTokens, 1, limit);
        return new CallPlan(error, latency, firstToken, tokens, drawnTokens > limit);
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
