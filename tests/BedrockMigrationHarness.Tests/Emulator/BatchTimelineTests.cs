using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Batch;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>A batch job's status as a pure function of its persisted facts and the time.</summary>
[TestFixture]
public sealed class BatchTimelineTests
{
    private static readonly DateTimeOffset Submit = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly BatchBehaviour OneSecondEach = new()
    {
        SubmittedSeconds = 1, ValidatingSeconds = 1, ScheduledSeconds = 1, StoppingSeconds = 1, RecordsPerSecond = 10,
    };

    [TestCase(0.5, BatchJobState.Submitted, null)]
    [TestCase(1.5, BatchJobState.Validating, null)]
    [TestCase(2.5, BatchJobState.Scheduled, null)]
    [TestCase(3.5, BatchJobState.InProgress, 5L)]
    [TestCase(12.9, BatchJobState.InProgress, 99L)]
    [TestCase(13, BatchJobState.Completed, 100L)]
    [TestCase(9999, BatchJobState.Completed, 100L)]
    public void At_AStagedJob_MovesThroughTheStatusesByTheClock(double seconds, BatchJobState state, long? processed)
    {
        var progress = BatchTimeline.At(Job(staged: new BatchStaging(100, null)), OneSecondEach, Submit.AddSeconds(seconds));

        Assert.That(progress.State, Is.EqualTo(state));
        Assert.That(progress.Processed, Is.EqualTo(processed));
        Assert.That(progress.Ended, Is.EqualTo(state == BatchJobState.Completed));
    }

    [Test]
    public void At_InputNotReadYet_StaysValidatingWithoutANextChange()
    {
        var progress = BatchTimeline.At(Job(staged: null), OneSecondEach, Submit.AddHours(1));

        Assert.That(progress.State, Is.EqualTo(BatchJobState.Validating));
        Assert.That(progress.NextChange, Is.Null, "it waits on processing, not on the clock");
    }

    [Test]
    public void At_FailedValidation_FailsWhenValidatingEndsWithTheMessage()
    {
        var progress = BatchTimeline.At(Job(staged: new BatchStaging(3, "too few")), OneSecondEach, Submit.AddSeconds(2));

        Assert.That(progress.State, Is.EqualTo(BatchJobState.Failed));
        Assert.That(progress.Message, Is.EqualTo("too few"));
        Assert.That(progress.EndTime, Is.EqualTo(Submit.AddSeconds(2)));
        Assert.That(progress.HasOutput, Is.False);
    }

    [Test]
    public void At_TimeoutBeforeTheLastRecord_IsPartiallyCompletedWithTheRecordsDoneByThen()
    {
        var slow = OneSecondEach with { RecordsPerSecond = 0.001 };

        var progress = BatchTimeline.At(Job(staged: new BatchStaging(1000, null)), slow, Submit.AddDays(2));

        Assert.That(progress.State, Is.EqualTo(BatchJobState.PartiallyCompleted));
        Assert.That(progress.EndTime, Is.EqualTo(Submit.AddHours(24)));
        Assert.That(progress.Processed, Is.EqualTo((long)Math.Floor(((24 * 3600) - 3) * 0.001)));
        Assert.That(progress.Message, Does.Contain("timeout of 24 hours"));
    }

    [Test]
    public void At_TimeoutBeforeProcessingStarts_IsExpired()
    {
        var late = OneSecondEach with { ScheduledSeconds = 25 * 3600 };

        Assert.That(BatchTimeline.At(Job(staged: new BatchStaging(100, null)), late, Submit.AddHours(23)).State, Is.EqualTo(BatchJobState.Scheduled));
        var expired = BatchTimeline.At(Job(staged: new BatchStaging(100, null)), late, Submit.AddHours(25));
        Assert.That(expired.State, Is.EqualTo(BatchJobState.Expired));
        Assert.That(expired.HasOutput, Is.False);
    }

    [Test]
    public void At_StoppedWhileInProgress_KeepsTheRecordsProcessedByTheStop()
    {
        var job = Job(staged: new BatchStaging(100, null)) with { StopTime = Submit.AddSeconds(5) };

        var stopping = BatchTimeline.At(job, OneSecondEach, Submit.AddSeconds(5.5));
        var stopped = BatchTimeline.At(job, OneSecondEach, Submit.AddSeconds(60));

        Assert.That(stopping.State, Is.EqualTo(BatchJobState.Stopping));
        Assert.That(stopped.State, Is.EqualTo(BatchJobState.Stopped));
        Assert.That(stopped.Processed, Is.EqualTo(20));
        Assert.That(stopped.EndTime, Is.EqualTo(Submit.AddSeconds(6)));
        Assert.That(stopped.HasOutput, Is.True);
    }

    [Test]
    public void At_StopTimeAfterTheJobEnded_ChangesNothing()
    {
        var job = Job(staged: new BatchStaging(10, null)) with { StopTime = Submit.AddSeconds(30) };

        Assert.That(BatchTimeline.At(job, OneSecondEach, Submit.AddSeconds(60)).State, Is.EqualTo(BatchJobState.Completed));
    }

    private static BatchJob Job(BatchStaging? staged) =>
        new("abcdefabcdef", "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefabcdef", "job", "m.a-v1:0",
            "arn:aws:iam::123456789012:role/R", "token", "s3://b/in.jsonl", "s3://b/out/", InvokeModel: false, TimeoutHours: 24, Submit)
        {
            Staged = staged,
        };
}
