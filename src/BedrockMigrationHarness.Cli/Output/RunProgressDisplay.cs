using System.Globalization;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// Shows a run's progress: a live bar on an interactive terminal, plain lines (every 10%, and each
/// retry summarised) when the output is redirected, as in CI logs. Each phase of a run (the model calls, then the
/// judge's) gets its own bar or lines.
/// </summary>
internal static class RunProgressDisplay
{
    /// <param name="phase">The phase's name before its counts ("judge"), or null for the model calls.</param>
    public static async Task<T> RunAsync<T>(CliEnvironment env, string? phase, int total, int alreadySettled, Func<IRunProgress, Task<T>> run)
    {
        var prefix = phase is null ? string.Empty : phase + " ";
        if (!env.Out.Profile.Capabilities.Interactive)
        {
            var lines = new LineProgress(env.Out, prefix);
            lines.Started(total, alreadySettled);
            return await run(lines);
        }

        T result = default!;
        await env.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = new BarProgress(context.AddTask(prefix + "calls", maxValue: total), prefix);
                bar.Started(total, alreadySettled);
                result = await run(bar);
            });
        return result;
    }

    /// <summary>Counts shared by both displays.</summary>
    private abstract class CountingProgress : IRunProgress
    {
        private int _settled;
        private int _errors;
        private int _retries;

        protected int Total { get; private set; }

        protected int SettledCount => Volatile.Read(ref _settled);

        protected string Counts => string.Create(CultureInfo.InvariantCulture,
            $"{SettledCount}/{Total} settled, {Volatile.Read(ref _errors)} errors, {Volatile.Read(ref _retries)} retries");

        public virtual void Started(int total, int alreadySettled)
        {
            Total = total;
            _settled = alreadySettled;
        }

        public void Settled(AttemptRecord final)
        {
            Interlocked.Increment(ref _settled);
            if (final.Outcome != CallOutcome.Success)
            {
                Interlocked.Increment(ref _errors);
            }

            OnChanged();
        }

        public void Retrying(AttemptRecord failedTry, TimeSpan delay)
        {
            Interlocked.Increment(ref _retries);
            OnChanged();
        }

        protected abstract void OnChanged();
    }

    private sealed class BarProgress(ProgressTask task, string prefix) : CountingProgress
    {
        public override void Started(int total, int alreadySettled)
        {
            base.Started(total, alreadySettled);
            task.Value = alreadySettled;
            task.Description = prefix + Counts;
        }

        protected override void OnChanged()
        {
            task.Value = SettledCount;
            task.Description = prefix + Counts;
        }
    }

    private sealed class LineProgress(IAnsiConsole console, string prefix) : CountingProgress
    {
        private readonly Lock _gate = new();
        private int _lastDecile = -1;

        public override void Started(int total, int alreadySettled)
        {
            base.Started(total, alreadySettled);
            if (alreadySettled > 0)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resuming: {alreadySettled} of {total} already in the journal"));
            }
        }

        protected override void OnChanged()
        {
            var decile = Total == 0 ? 10 : SettledCount * 10 / Total;
            lock (_gate)
            {
                if (decile <= _lastDecile)
                {
                    return;
                }

                _lastDecile = decile;
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}{decile * 10,3}%  {Counts}"));
            }
        }
    }
}
