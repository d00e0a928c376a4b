using System.Text;
using Streaming.Infrastructure.Recordings.LiveKit;

namespace Streaming.Infrastructure.IntegrationTests.Recordings.LiveKit;

/// <summary>The LiveKit webhook token check (moved to the edge with the reader; no database, no network).</summary>
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
