using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Domain.UnitTests.Recordings;

public class RecordingClipTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    private static RecordingClip Clip(double start = 10, double end = 30, double duration = 120) =>
        RecordingClip.Request(Guid.NewGuid(), Products.TipJar, "owner-1", start, end, duration, TenMinutes, Now);

    [Test]
    public void Request_WithValidRange_IsPending()
    {
        var clip = Clip();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Status, Is.EqualTo(ClipStatus.Pending));
            Assert.That(clip.LengthSeconds, Is.EqualTo(20));
            Assert.That(clip.Progress, Is.Zero);
            Assert.That(clip.CreatedAt, Is.EqualTo(Now));
        }
    }

    [TestCase(-1, 10, "before the beginning")]
    [TestCase(10, 10, "end must be after the start")]
    [TestCase(20, 10, "end must be after the start")]
    [TestCase(10, 121, "after the end of the recording (2:00)")]
    [TestCase(10, 10.5, "at least 1 second")]
    [TestCase(0, 601, "at most 10 minutes")]
    public void Request_WithInvalidRange_IsRefusedWithAMessage(double start, double end, string message)
    {
        var duration = end == 601 ? 3600 : 120;
        var error = Assert.Throws<DomainException>(() => Clip(start, end, duration));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Request_RangeOfExactlyTheWholeShortRecording_IsAllowed()
    {
        Assert.That(() => Clip(0, 120, 120), Throws.Nothing);
    }

    [Test]
    public void Request_LongerThanTheConfiguredMaximum_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => RecordingClip.Request(
            Guid.NewGuid(), Products.M10, "o", 0, 61, 600, TimeSpan.FromMinutes(1), Now));

        Assert.That(error!.Message, Does.Contain("at most 1 minute"));
    }

    [Test]
    public void Request_NotANumber_IsRefused()
    {
        Assert.Throws<DomainException>(() => Clip(double.NaN, 10));
    }

    [Test]
    public void Lifecycle_PendingProcessingReady_RecordsFileAndProgress()
    {
        var clip = Clip();
        clip.StartProcessing(Now);
        clip.ReportProgress(40, Now.AddSeconds(1));
        clip.ReportProgress(20, Now.AddSeconds(2));
        Assert.That(clip.Progress, Is.EqualTo(40), "progress never goes backwards");

        clip.Complete("clips/a.mp4", 1234, 20.0, Now.AddSeconds(3));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Status, Is.EqualTo(ClipStatus.Ready));
            Assert.That(clip.Progress, Is.EqualTo(100));
            Assert.That(clip.ClipLocation, Is.EqualTo("clips/a.mp4"));
            Assert.That(clip.ClipSizeBytes, Is.EqualTo(1234));
            Assert.That(clip.Attempts, Is.EqualTo(1));
            Assert.That(clip.CompletedAt, Is.EqualTo(Now.AddSeconds(3)));
        }
    }

    [Test]
    public void Fail_ThenRetry_GoesBackToPendingWithoutTheError()
    {
        var clip = Clip();
        clip.StartProcessing(Now);
        clip.Fail("The recording could not be read.", Now);
        Assert.That(clip.Error, Is.EqualTo("The recording could not be read."));

        clip.Retry(Now.AddMinutes(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Status, Is.EqualTo(ClipStatus.Pending));
            Assert.That(clip.Error, Is.Null);
            Assert.That(clip.CompletedAt, Is.Null);
        }
    }

    [Test]
    public void Retry_WhenNotFailed_IsRefused()
    {
        var clip = Clip();

        Assert.Throws<DomainException>(() => clip.Retry(Now));
    }

    [Test]
    public void Requeue_WhenProcessing_GoesBackToPending()
    {
        var clip = Clip();
        clip.StartProcessing(Now);
        clip.ReportProgress(50, Now);

        clip.Requeue(Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Status, Is.EqualTo(ClipStatus.Pending));
            Assert.That(clip.Progress, Is.Zero);
        }
    }

    [Test]
    public void StartProcessing_WhenReady_IsRefused()
    {
        var clip = Clip();
        clip.StartProcessing(Now);
        clip.Complete("clips/a.mp4", 1, 20, Now);

        Assert.Throws<DomainException>(() => clip.StartProcessing(Now));
    }

    [Test]
    public void Complete_WithZeroDuration_IsRefused()
    {
        var clip = Clip();
        clip.StartProcessing(Now);

        Assert.Throws<DomainException>(() => clip.Complete("clips/a.mp4", 10, 0, Now));
    }

    [Test]
    public void Fail_LongMessage_IsCutToTheColumnLength()
    {
        var clip = Clip();
        clip.StartProcessing(Now);

        clip.Fail(new string('x', 2000), Now);

        Assert.That(clip.Error, Has.Length.EqualTo(RecordingClip.ErrorMaxLength));
    }

    [Test]
    public void Request_WithoutAName_IsNamedAfterItsTimesAndRecording()
    {
        var clip = Clip(start: 12, end: 45.5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Name, Is.Null);
            Assert.That(clip.DisplayName("Team sync"), Is.EqualTo("Clip 0:12–0:45.5 of Team sync"));
        }
    }

    [Test]
    public void Rename_TrimsAndKeepsTheName_BlankGoesBackToTheDefault()
    {
        var clip = Clip();

        clip.Rename("  The big reveal\n ");
        Assert.That(clip.DisplayName("Team sync"), Is.EqualTo("The big reveal"));

        clip.Rename("   ");
        Assert.That(clip.Name, Is.Null);
    }

    [Test]
    public void Rename_TooLong_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => Clip().Rename(new string('a', RecordingClip.NameMaxLength + 1)));

        Assert.That(error!.Message, Does.Contain("at most 100 characters"));
    }

    [Test]
    public void Rename_WhileBeingCut_IsRefused()
    {
        var clip = Clip();
        clip.StartProcessing(Now);

        Assert.Throws<DomainException>(() => clip.Rename("New"));
    }
}
