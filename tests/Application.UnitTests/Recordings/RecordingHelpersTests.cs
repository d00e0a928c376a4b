using Streaming.Application.Recordings.Common;

namespace Streaming.Application.UnitTests.Recordings;

public class BlobKeysTests
{
    [TestCase("meet/2030/01/a.mp4", true)]
    [TestCase("a.mp4", true)]
    [TestCase("../a.mp4", false)]
    [TestCase("meet/../a.mp4", false)]
    [TestCase("/etc/passwd", false)]
    [TestCase("meet\\a.mp4", false)]
    [TestCase("meet//a.mp4", false)]
    [TestCase(".keys/url-signing.key", false)]
    [TestCase("https://cdn/a.mp4", false)]
    [TestCase("", false)]
    [TestCase("meet/a\u0000.mp4", false)]
    public void IsValid(string key, bool valid)
    {
        Assert.That(BlobKeys.IsValid(key), Is.EqualTo(valid));
    }

    [Test]
    public void New_IsDatedAndValid()
    {
        var key = BlobKeys.New("clips", Guid.Parse("0192f0c1-0000-7000-8000-000000000001"), ".mp4", new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero));

        Assert.That(key, Is.EqualTo("clips/2030/01/0192f0c1000070008000000000000001.mp4"));
        Assert.That(BlobKeys.IsValid(key), Is.True);
    }

    [Test]
    public void IsCopyOf_KnowsTheCopiesOfOneRecording()
    {
        var id = Guid.Parse("0192f0c1-0000-7000-8000-000000000001");
        var copy = BlobKeys.NewCopy("meet", id, ".mp4", new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(BlobKeys.IsCopyOf(copy, id), Is.True, copy);
            Assert.That(BlobKeys.IsCopyOf(copy, Guid.NewGuid()), Is.False, "another recording's copy");
            Assert.That(BlobKeys.IsCopyOf(BlobKeys.New("meet", id, ".mp4", DateTimeOffset.UnixEpoch), id), Is.False, "an upload, not a copy");
            Assert.That(BlobKeys.IsCopyOf($"meet/2030/01/{id:N}-egress.mp4", id), Is.False, "a name the app did not give");
            Assert.That(BlobKeys.IsCopyOf($"https://cdn.example/{id:N}-{Guid.NewGuid():N}.mp4", id), Is.False, "a URL elsewhere");
        }
    }
}

public class DownloadFileNamesTests
{
    [Test]
    public void ContentDisposition_HasAnAsciiFallbackAndAUtf8Name()
    {
        var header = DownloadFileNames.ContentDisposition("Réunion: \"équipe\"/Q&A.mp4");

        Assert.That(header, Is.EqualTo("attachment; filename=\"Reunion- -equipe--Q&A.mp4\"; filename*=UTF-8''R%C3%A9union-%20-%C3%A9quipe--Q%26A.mp4"));
    }

    [TestCase("", "recording.mp4")]
    [TestCase("..", "recording.mp4")]
    [TestCase("notes", "notes.mp4")]
    [TestCase("a\r\nb.mp4", "a--b.mp4")]
    public void Safe_NeverGivesAPathOrAnEmptyName(string name, string expected)
    {
        Assert.That(DownloadFileNames.Safe(name), Is.EqualTo(expected));
    }

    [Test]
    public void Safe_CutsLongNames_KeepingTheExtension()
    {
        var safe = DownloadFileNames.Safe(new string('x', 300) + ".m4a");

        Assert.That(safe, Has.Length.EqualTo(120));
        Assert.That(safe, Does.EndWith(".m4a"));
    }
}
