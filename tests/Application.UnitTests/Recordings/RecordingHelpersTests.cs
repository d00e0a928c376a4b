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
    public async Task AuthenticToken_IsAccepted_WithOrWithoutBearer()
    {
        Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(), Body, Options, Now), Is.Null);
        Assert.That(await LiveKitWebhookVerifier.ProblemAsync("Bearer " + Token(), Body, Options, Now), Is.Null);
    }

    [Test]
    public async Task Refusals_SayWhy()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(secret: "other"), Body, Options, Now), Is.EqualTo("bad signature"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(key: "other"), Body, Options, Now), Is.EqualTo("wrong issuer"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(), Encoding.UTF8.GetBytes("{}"), Options, Now), Is.EqualTo("body hash mismatch"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(), Body, Options, Now.AddMinutes(6)), Is.EqualTo("expired"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(null, Body, Options, Now), Is.EqualTo("no Authorization header"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync("a.b", Body, Options, Now), Is.EqualTo("not a JWT"));
            Assert.That(await LiveKitWebhookVerifier.ProblemAsync(Token(), Body, new LiveKitOptions(), Now), Does.Contain("not configured"));
        }
    }

    [Test]
    public async Task TokenSignedLikeLiveKitsServerSdk_WithASecretShorterThan256Bits_IsAccepted()
    {
        // Built by hand as LiveKit's SDKs do: HMAC-SHA256 with the raw secret bytes, whatever their length.
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Part(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Body));
        var payload = Part(Encoding.UTF8.GetBytes(
            $$"""{"iss":"APIkey","nbf":{{Now.ToUnixTimeSeconds()}},"exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}},"sha256":"{{hash}}"}"""));
        var signature = Part(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Options.ApiSecret), Encoding.ASCII.GetBytes($"{header}.{payload}")));

        Assert.That(await LiveKitWebhookVerifier.ProblemAsync($"{header}.{payload}.{signature}", Body, Options, Now), Is.Null);
        Assert.That(await LiveKitWebhookVerifier.ProblemAsync($"{header}.{payload}.{signature[..^2]}AA", Body, Options, Now), Is.EqualTo("bad signature"));
    }

    [Test]
    public async Task NoneAlgorithm_IsRefused()
    {
        var parts = Token().Split('.');
        var none = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=');

        Assert.That(await LiveKitWebhookVerifier.ProblemAsync($"{none}.{parts[1]}.", Body, Options, Now), Is.Not.Null);
    }
}
