using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Domain.UnitTests.Recordings;

public class RecordingTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static RecordingFile File(string location = "meet/room.mp4", long size = 5000, double seconds = 62.5) =>
        RecordingFile.Create(location, size, seconds, Now);

    [Test]
    public void Open_WithoutOwnerOrName_IsRefused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainException>(() => Recording.OpenMeeting(Products.TipJar, "", "Weekly sync", Now));
            Assert.Throws<DomainException>(() => Recording.OpenMeeting(Products.TipJar, "owner", " ", Now));
            Assert.Throws<DomainException>(() => Recording.OpenMeeting(" ", "owner", "Weekly sync", Now));
            Assert.Throws<DomainException>(() => Recording.OpenCall(Products.TipJar, "owner", "", Now));
        }
    }

    [Test]
    public void Open_KeepsEachKindsLengthLimit()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Assert.Throws<DomainException>(() => Recording.OpenMeeting(Products.TipJar, "owner", new string('n', 201), Now))!.Message,
                Does.Contain("200"));
            Assert.That(Recording.OpenCall(Products.TipJar, "owner", new string('p', 300), Now).Subject, Has.Length.EqualTo(300));
            Assert.That(Assert.Throws<DomainException>(() => Recording.OpenCall(Products.TipJar, "owner", new string('p', 301), Now))!.Message,
                Does.Contain("300"));
        }
    }

    [Test]
    public void Title_IsTheMeetingsName_OrWhoWasOnTheCall()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Recording.OpenMeeting(Products.TipJar, "owner", " Weekly sync ", Now).Title, Is.EqualTo("Weekly sync"));
            Assert.That(Recording.OpenCall(Products.TipJar, "owner", "Ana, +1 555 0100", Now).Title, Is.EqualTo("Call with Ana, +1 555 0100"));
        }
    }

    [Test]
    public void RecordEgress_FirstTime_AttachesTheFile_AndSaysItIsReady()
    {
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);

        var changed = room.RecordEgress("EG_1", File());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed, Is.True);
            Assert.That(room.HasFile, Is.True);
            Assert.That(room.File!.Location, Is.EqualTo("meet/room.mp4"));
            Assert.That(room.File.SizeBytes, Is.EqualTo(5000));
            Assert.That(room.File.DurationSeconds, Is.EqualTo(62.5));
            Assert.That(room.EgressId, Is.EqualTo("EG_1"));
            Assert.That(room.DomainEvents, Is.EqualTo(new[] { new RecordingReady(room, null) }));
        }
    }

    [Test]
    public void RecordEgress_SameEgressAgain_ChangesNothing_AndRaisesNothing()
    {
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", File());
        room.ClearDomainEvents();

        var changed = room.RecordEgress("EG_1", RecordingFile.Create("meet/other.mp4", 1, 1, Now.AddHours(1)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed, Is.False);
            Assert.That(room.File!.Location, Is.EqualTo("meet/room.mp4"));
            Assert.That(room.File.RecordedAt, Is.EqualTo(Now));
            Assert.That(room.DomainEvents, Is.Empty);
        }
    }

    [Test]
    public void RecordEgress_ANewEgress_ReplacesTheFile_AndSaysWhereTheEarlierOneWas()
    {
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", File());
        room.ClearDomainEvents();

        room.RecordEgress("EG_2", RecordingFile.Create("meet/second.mp4", 1, 1, Now.AddHours(1)));

        Assert.That(room.DomainEvents, Is.EqualTo(new IDomainEvent[] { new RecordingReady(room, null), new RecordingFileReplaced(room, "meet/room.mp4") }));
    }

    [Test]
    public void RecordEgress_OnACall_IsRefused()
    {
        var call = Recording.OpenCall(Products.M10, "owner", "Ana", Now);

        Assert.Throws<DomainException>(() => call.RecordEgress("EG_1", File()));
    }

    [Test]
    public void AttachFile_ByHand_SaysWhoAttachedIt()
    {
        var call = Recording.OpenCall(Products.TipJar, "owner", "+1 555 0100, Ana", Now);

        call.AttachFile(File("https://cdn.example/call.m4a", 10, 30), "admin-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(call.File!.Location, Is.EqualTo("https://cdn.example/call.m4a"), "an http URL is kept");
            Assert.That(call.DomainEvents, Is.EqualTo(new[] { new RecordingReady(call, "admin-1") }));
        }
    }

    [TestCase("ftp://host/file.mp4")]
    [TestCase("javascript://x")]
    [TestCase("")]
    public void File_WithAnUnusableLocation_IsRefused(string location) =>
        Assert.Throws<DomainException>(() => RecordingFile.Create(location, 10, 10, Now));

    [TestCase(0)]
    [TestCase(double.NaN)]
    public void File_WithoutDuration_IsRefused(double seconds) =>
        Assert.Throws<DomainException>(() => RecordingFile.Create("https://cdn.example/x.mp4", 10, seconds, Now));

    [Test]
    public void File_WithANegativeSize_IsRefused() =>
        Assert.Throws<DomainException>(() => RecordingFile.Create("meet/x.mp4", -1, 10, Now));

    [Test]
    public void MoveFileToStore_PointsAtTheCopy_KeepingLengthAndDate_WithoutSayingReadyAgain()
    {
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", File("https://cdn.example.com/rooms/weekly.mp4"));
        room.ClearDomainEvents();

        var moved = room.MoveFileToStore("https://cdn.example.com/rooms/weekly.mp4", "meet/2030/01/copy.mp4", 5001);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(moved, Is.True);
            Assert.That(room.File!.Location, Is.EqualTo("meet/2030/01/copy.mp4"));
            Assert.That(room.File.SizeBytes, Is.EqualTo(5001));
            Assert.That(room.File.DurationSeconds, Is.EqualTo(62.5));
            Assert.That(room.File.RecordedAt, Is.EqualTo(Now));
            Assert.That(room.DomainEvents, Is.Empty);
        }
    }

    [Test]
    public void MoveFileToStore_AfterANewFileWasAttached_ChangesNothing()
    {
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", File("https://cdn.example.com/rooms/weekly.mp4"));
        room.AttachFile(File("meet/uploaded.mp4"), "admin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(room.MoveFileToStore("https://cdn.example.com/rooms/weekly.mp4", "meet/2030/01/copy.mp4", 5000), Is.False);
            Assert.That(room.File!.Location, Is.EqualTo("meet/uploaded.mp4"));
            Assert.That(Recording.OpenMeeting(Products.M10, "owner", "No file yet", Now).MoveFileToStore("https://cdn.example.com/x.mp4", "meet/x.mp4", 1), Is.False);
            Assert.Throws<DomainException>(() => room.MoveFileToStore("meet/uploaded.mp4", "https://elsewhere.example.com/x.mp4", 1));
        }
    }

    [Test]
    public void CopyFailed_MarksTheFileAtThatURL_UntilANewFileOrTheCopy()
    {
        const string url = "https://cdn.example.com/rooms/weekly.mp4";
        var room = Recording.OpenMeeting(Products.M10, "owner", "Weekly sync", Now);
        room.RecordEgress("EG_1", File(url));

        var marked = room.CopyFailed(url, Now.AddMinutes(5));
        var markedAt = room.CopyFailedAt;
        var otherUrl = room.CopyFailed("https://cdn.example.com/rooms/other.mp4", Now.AddMinutes(10));
        var afterOtherUrl = room.CopyFailedAt;
        room.MoveFileToStore(url, "meet/2030/01/copy.mp4", 5000);
        var afterCopy = room.CopyFailedAt;

        var replaced = Recording.OpenMeeting(Products.M10, "owner", "Retro", Now);
        replaced.RecordEgress("EG_2", File(url));
        replaced.CopyFailed(url, Now.AddMinutes(5));
        replaced.RecordEgress("EG_3", File("https://cdn.example.com/rooms/retro-2.mp4"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(marked, Is.True);
            Assert.That(markedAt, Is.EqualTo(Now.AddMinutes(5)));
            Assert.That(otherUrl, Is.False, "not the recording's file");
            Assert.That(afterOtherUrl, Is.EqualTo(Now.AddMinutes(5)));
            Assert.That(afterCopy, Is.Null, "copied: nothing failed any more");
            Assert.That(replaced.CopyFailedAt, Is.Null, "a new file starts with a clean slate");
            Assert.That(Recording.OpenMeeting(Products.M10, "owner", "No file yet", Now).CopyFailed(url, Now), Is.False);
        }
    }
}
