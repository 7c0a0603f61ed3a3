using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>
/// Client-side slowdown when throttled: an AIMD limit on the calls in flight to one model (Bedrock quotas are
/// per model). A throttled call halves the limit (never below 1), at most once per window: a throttle from a
/// call that started before the last decrease does not halve it again, so a burst of throttles answered
/// together counts as one signal. Every <see cref="SuccessesPerIncrease"/> answers in a row raise it by one,
/// up to the configured bound. Other errors leave it alone. Callers wait in arrival order.
/// </summary>
internal sealed class ConcurrencyGovernor
{
    /// <summary>Answers in a row that raise the limit by one, by default.</summary>
    public const int DefaultSuccessesPerIncrease = 10;

    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource<long>> _waiters = new();
    private int _limit;
    private int _inFlight;
    private int _successes;
    private long _window;

    /// <param name="maxConcurrency">The configured bound (≥ 1): the starting limit and the ceiling.</param>
    /// <param name="successesPerIncrease">Answers in a row that raise the limit by one (≥ 1).</param>
    public ConcurrencyGovernor(int maxConcurrency, int successesPerIncrease = DefaultSuccessesPerIncrease)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(successesPerIncrease, 1);
        MaxConcurrency = maxConcurrency;
        SuccessesPerIncrease = successesPerIncrease;
        _limit = maxConcurrency;
    }

    public int MaxConcurrency { get; }

    public int SuccessesPerIncrease { get; }

    /// <summary>Calls allowed in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Calls holding a slot now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a slot under the current limit. Release it with <see cref="Slot.Release"/> when the call ends.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting; no slot is held.</exception>
    public async ValueTask<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<long> waiter;
        LinkedListNode<TaskCompletionSource<long>> node;
        lock (_gate)
        {
            if (_inFlight < _limit && _waiters.Count == 0)
            {
                _inFlight++;
                return new Slot(this, _window);
            }

            waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            return new Slot(this, await waiter.Task);
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<long>> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A waiter already handed a slot is no longer listed: it keeps the slot and releases it as usual.
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
        }

        node.Value.TrySetCanceled(cancellationToken);
    }

    private void Release(long window, CallOutcome? outcome)
    {
        var wake = new List<TaskCompletionSource<long>>();
        long current;
        lock (_gate)
        {
            _inFlight--;
            if (outcome is { } o && o.IsThrottle())
            {
                _successes = 0;
                if (window == _window)
                {
                    _limit = Math.Max(1, _limit / 2);
                    _window++;
                }
            }
            else if (outcome == CallOutcome.Success && _limit < MaxConcurrency && ++_successes >= SuccessesPerIncrease)
            {
                _limit++;
                _successes = 0;
            }

            while (_inFlight < _limit && _waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                _inFlight++;
                wake.Add(first.Value);
            }

            current = _window;
        }

        // Completed outside the lock: continuations run asynchronously anyway, but no user code runs under it.
        foreach (var waiter in wake)
        {
            waiter.TrySetResult(current);
        }
    }

    /// <summary>One call's place under the limit, and the window it started in.</summary>
    internal readonly struct Slot(ConcurrencyGovernor governor, long window)
    {
        /// <summary>The number of limit decreases before this call started.</summary>
        public long Window { get; } = window;

        /// <summary>Frees the slot and adjusts the limit by how the call ended; null (cancelled, crashed) adjusts nothing.</summary>
        public void Release(CallOutcome? outcome) => governor.Release(Window, outcome);
    }
}
