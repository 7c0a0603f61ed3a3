using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Execution;

[TestFixture]
public sealed class ConcurrencyGovernorTests
{
    private static async Task<ConcurrencyGovernor.Slot[]> AcquireAsync(ConcurrencyGovernor governor, int count)
    {
        var slots = new ConcurrencyGovernor.Slot[count];
        for (var i = 0; i < count; i++)
        {
            slots[i] = await governor.AcquireAsync(CancellationToken.None);
        }

        return slots;
    }

    [Test]
    public async Task Release_Throttled_HalvesTheLimit()
    {
        var governor = new ConcurrencyGovernor(8);
        var slots = await AcquireAsync(governor, 2);

        slots[0].Release(CallOutcome.Throttled);

        Assert.That(governor.Limit, Is.EqualTo(4));
        Assert.That(governor.InFlight, Is.EqualTo(1));
    }

    [Test]
    public async Task Release_ThrottlesFromOneWindow_HalveOnce()
    {
        var governor = new ConcurrencyGovernor(8);
        var burst = await AcquireAsync(governor, 3);

        foreach (var slot in burst)
        {
            slot.Release(CallOutcome.Throttled);
        }

        Assert.That(governor.Limit, Is.EqualTo(4), "three calls throttled together are one signal");

        var later = await governor.AcquireAsync(CancellationToken.None);
        later.Release(CallOutcome.ModelNotReady);
        Assert.That(governor.Limit, Is.EqualTo(2), "a call started after the decrease halves again");
    }

    [Test]
    public async Task Release_RepeatedThrottles_NeverBelowOne()
    {
        var governor = new ConcurrencyGovernor(5);

        for (var i = 0; i < 10; i++)
        {
            (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.Throttled);
        }

        Assert.That(governor.Limit, Is.EqualTo(1));
    }

    [Test]
    public async Task Release_SuccessesInARow_RaiseByOneUpToTheBound()
    {
        var governor = new ConcurrencyGovernor(4, successesPerIncrease: 3);
        (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.Throttled);
        Assert.That(governor.Limit, Is.EqualTo(2));

        var limits = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.Success);
            limits.Add(governor.Limit);
        }

        Assert.That(limits, Is.EqualTo(new[] { 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4 }));
    }

    [Test]
    public async Task Release_OtherErrorsAndCancelledCalls_LeaveTheLimit()
    {
        var governor = new ConcurrencyGovernor(4, successesPerIncrease: 2);
        (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.Throttled);

        (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.Success);
        (await governor.AcquireAsync(CancellationToken.None)).Release(CallOutcome.ServerError);
        (await governor.AcquireAsync(CancellationToken.None)).Release(null);

        Assert.That(governor.Limit, Is.EqualTo(2));
        Assert.That(governor.InFlight, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_AtTheLimit_WaitsUntilASlotIsFreed()
    {
        var governor = new ConcurrencyGovernor(2);
        var held = await AcquireAsync(governor, 2);

        var waiting = governor.AcquireAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);

        held[0].Release(CallOutcome.Success);
        var slot = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(governor.InFlight, Is.EqualTo(2));
        slot.Release(CallOutcome.Success);
        held[1].Release(CallOutcome.Success);
        Assert.That(governor.InFlight, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_AfterAThrottle_AdmitsOnlyTheLoweredLimit()
    {
        var governor = new ConcurrencyGovernor(4);
        var held = await AcquireAsync(governor, 4);
        held[0].Release(CallOutcome.Throttled);

        var waiting = governor.AcquireAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False, "3 in flight, limit 2");
        held[1].Release(CallOutcome.Success);
        Assert.That(waiting.IsCompleted, Is.False, "2 in flight, limit 2");
        held[2].Release(CallOutcome.Success);

        var slot = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(governor.InFlight, Is.EqualTo(2));
        slot.Release(CallOutcome.Success);
        held[3].Release(CallOutcome.Success);
    }

    [Test]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndHoldsNoSlot()
    {
        var governor = new ConcurrencyGovernor(1);
        var held = await governor.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = governor.AcquireAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        Assert.That(async () => await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
        held.Release(CallOutcome.Success);
        Assert.That(governor.InFlight, Is.Zero, "the cancelled waiter was not handed the freed slot");
    }
}
