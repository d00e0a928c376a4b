using System.Text;
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

public class LiveKitWebhookVerifierTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly LiveKitOptions Options = new() { ApiKey = "APIkey", ApiSecret = "secret-secret-secret" };
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"egress_ended"}""");

    private static string Token(string key = "APIkey", string secret = "secret-secret-secret", byte[]? body = null, int minutes = 5) =>
        LiveKitWebhookVerifier.CreateToken(body ?? Body, key, secret, Now, TimeSpan.FromMinutes(minutes));

    [Test]
    public void AuthenticToken_IsAccepted_WithOrWithoutBearer()
    {
        Assert.That(LiveKitWebhookVerifier.Problem(Token(), Body, Options, Now), Is.Null);
        Assert.That(LiveKitWebhookVerifier.Problem("Bearer " + Token(), Body, Options, Now), Is.Null);
    }

    [Test]
    public void Refusals_SayWhy()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LiveKitWebhookVerifier.Problem(Token(secret: "other"), Body, Options, Now), Is.EqualTo("bad signature"));
            Assert.That(LiveKitWebhookVerifier.Problem(Token(key: "other"), Body, Options, Now), Is.EqualTo("wrong issuer"));
            Assert.That(LiveKitWebhookVerifier.Problem(Token(), Encoding.UTF8.GetBytes("{}"), Options, Now), Is.EqualTo("body hash mismatch"));
            Assert.That(LiveKitWebhookVerifier.Problem(Token(), Body, Options, Now.AddMinutes(6)), Is.EqualTo("expired"));
            Assert.That(LiveKitWebhookVerifier.Problem(null, Body, Options, Now), Is.EqualTo("no Authorization header"));
            Assert.That(LiveKitWebhookVerifier.Problem("a.b", Body, Options, Now), Is.EqualTo("not a JWT"));
            Assert.That(LiveKitWebhookVerifier.Problem(Token(), Body, new LiveKitOptions(), Now), Does.Contain("not configured"));
        }
    }

    [Test]
    public void NoneAlgorithm_IsRefused()
    {
        var parts = Token().Split('.');
        var none = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=');

        Assert.That(LiveKitWebhookVerifier.Problem($"{none}.{parts[1]}.", Body, Options, Now), Is.Not.Null);
    }
}
