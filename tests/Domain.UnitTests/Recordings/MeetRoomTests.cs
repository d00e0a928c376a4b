using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Domain.UnitTests.Recordings;

public class MeetRoomTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Open_WithoutOwnerOrName_IsRefused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainException>(() => MeetRoom.Open(Products.TipJar, "", "Weekly sync", Now));
            Assert.Throws<DomainException>(() => MeetRoom.Open(Products.TipJar, "owner", " ", Now));
            Assert.Throws<DomainException>(() => MeetRoom.Open(" ", "owner", "Weekly sync", Now));
        }
    }

    [Test]
    public void RecordEgress_FirstTime_AttachesTheRecording()
    {
        var room = MeetRoom.Open(Products.M10, "owner", "Weekly sync", Now);

        var changed = room.RecordEgress("EG_1", "meet/room.mp4", 5000, 62.5, Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed, Is.True);
            Assert.That(room.HasRecording, Is.True);
            Assert.That(room.RecordingLocation, Is.EqualTo("meet/room.mp4"));
            Assert.That(room.RecordingSizeBytes, Is.EqualTo(5000));
            Assert.That(room.DurationSeconds, Is.EqualTo(62.5));
            Assert.That(room.EgressId, Is.EqualTo("EG_1"));
        }
    }

    [Test]
    public void RecordEgress_SameEgressAgain_ChangesNothing()
    {
        var room = MeetRoom.Open(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", "meet/room.mp4", 5000, 62.5, Now);

        var changed = room.RecordEgress("EG_1", "meet/other.mp4", 1, 1, Now.AddHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed, Is.False);
            Assert.That(room.RecordingLocation, Is.EqualTo("meet/room.mp4"));
            Assert.That(room.RecordedAt, Is.EqualTo(Now));
        }
    }

    [TestCase("ftp://host/file.mp4")]
    [TestCase("javascript://x")]
    [TestCase("")]
    public void AttachRecording_WithAnUnusableLocation_IsRefused(string location)
    {
        var room = MeetRoom.Open(Products.M10, "owner", "Weekly sync", Now);

        Assert.Throws<DomainException>(() => room.AttachRecording(location, 10, 10, Now));
    }

    [Test]
    public void AttachRecording_WithoutDuration_IsRefused()
    {
        var room = MeetRoom.Open(Products.M10, "owner", "Weekly sync", Now);

        Assert.Throws<DomainException>(() => room.AttachRecording("https://cdn.example/x.mp4", 10, 0, Now));
    }

    [Test]
    public void VoiceCall_AttachRecording_KeepsAnHttpUrl()
    {
        var call = VoiceCall.Open(Products.TipJar, "owner", "+1 555 0100, Ana", Now);

        call.AttachRecording("https://cdn.example/call.m4a", 10, 30, Now);

        Assert.That(call.RecordingLocation, Is.EqualTo("https://cdn.example/call.m4a"));
    }
}
