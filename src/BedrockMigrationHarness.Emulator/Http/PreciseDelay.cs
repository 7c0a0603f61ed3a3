namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>
/// The one way the emulator waits for injected latency (a whole answer, the first token, the pacing of a stream).
/// <c>Task.Delay</c> alone fires late by the timer's granularity plus scheduling — a median 2.3 ms on a loaded 2-core
/// machine — and that lateness would show up in every latency the harness records against the emulator. So this
/// sleeps on the timer until <see cref="SpinWindow"/> before the deadline, then yields the core in a loop
/// (<see cref="Thread.Yield"/>) until the deadline. The yield loop is bounded by the window (plus however early the
/// timer fired), and it hands the core to any other runnable thread on every turn, so many concurrent waits stay cheap.
/// </summary>
internal static class PreciseDelay
{
    /// <summary>How long before the deadline the timer hands over to the yield loop: just over the timer's usual lateness.</summary>
    public static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Completes when <paramref name="dueMs"/> milliseconds have passed since <paramref name="started"/> (a
    /// <see cref="TimeProvider.GetTimestamp"/> of <paramref name="time"/>); at once when that is already past.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static async ValueTask UntilAsync(long started, double dueMs, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var due = TimeSpan.FromMilliseconds(dueMs);
        var sleep = due - time.GetElapsedTime(started) - SpinWindow;
        if (sleep > TimeSpan.Zero)
        {
            await Task.Delay(sleep, time, cancellationToken);
        }

        while (time.GetElapsedTime(started) < due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Thread.Yield();
        }
    }
}
