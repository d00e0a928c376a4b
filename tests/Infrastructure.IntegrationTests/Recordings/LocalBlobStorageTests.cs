using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Recordings;

/// <summary>The local-folder adapter on a real temporary folder: files, signed URLs, traversal.</summary>
public class LocalBlobStorageTests
{
    private string _parent = null!;
    private string _root = null!;
    private TestClock _clock = null!;
    private LocalBlobStorage _storage = null!;

    [SetUp]
    public void CreateFolder()
    {
        // The root sits in a folder of its own, so that what a test puts next to it ("outside") is unique and deleted too.
        _parent = Directory.CreateTempSubdirectory("blobs-").FullName;
        _root = Directory.CreateDirectory(Path.Combine(_parent, "root")).FullName;
        _clock = new TestClock();
        _storage = new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('k', 40) }, _clock);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_parent, recursive: true);

    private async Task<(string Exp, string Name, string Sig)> SignedPartsAsync(string key, string name = "Weekly sync.mp4")
    {
        var url = await _storage.GetDownloadUrlAsync(key, name, null, CancellationToken.None);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), url).Query);
        return (query["exp"]!, query["name"]!, query["sig"]!);
    }

    [Test]
    public async Task Put_ThenRead_IsByteIdentical_WholeAndRange()
    {
        var content = RandomNumberGenerator.GetBytes(100_000);
        await _storage.PutAsync("meet/2030/01/a.mp4", new MemoryStream(content), "video/mp4", CancellationToken.None);

        await using var whole = await _storage.OpenReadAsync("meet/2030/01/a.mp4", null, CancellationToken.None);
        using var wholeCopy = new MemoryStream();
        await whole!.Content.CopyToAsync(wholeCopy);
        await using var part = await _storage.OpenReadAsync("meet/2030/01/a.mp4", new BlobRange(1000, 1999), CancellationToken.None);
        using var partCopy = new MemoryStream();
        await part!.Content.CopyToAsync(partCopy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SHA256.HashData(wholeCopy.ToArray()), Is.EqualTo(SHA256.HashData(content)));
            Assert.That(partCopy.ToArray(), Is.EqualTo(content[1000..2000]));
            Assert.That(part.TotalLength, Is.EqualTo(content.Length));
            Assert.That(whole.ContentType, Is.EqualTo("video/mp4"));
        }
    }

    [Test]
    public async Task SignedUrl_Untouched_IsAccepted()
    {
        await _storage.PutAsync("meet/a.mp4", new MemoryStream([1, 2, 3]), "video/mp4", CancellationToken.None);
        var (exp, name, sig) = await SignedPartsAsync("meet/a.mp4");

        var (path, problem) = await _storage.VerifyAsync("meet/a.mp4", exp, name, sig, CancellationToken.None);

        Assert.That(problem, Is.Null);
        Assert.That(path, Is.EqualTo(Path.Combine(_root, "meet", "a.mp4")));
    }

    [Test]
    public async Task SignedUrl_Tampered_IsRefused()
    {
        await _storage.PutAsync("meet/a.mp4", new MemoryStream([1]), "video/mp4", CancellationToken.None);
        await _storage.PutAsync("meet/b.mp4", new MemoryStream([2]), "video/mp4", CancellationToken.None);
        var (exp, name, sig) = await SignedPartsAsync("meet/a.mp4");
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _storage.VerifyAsync("meet/b.mp4", exp, name, sig, CancellationToken.None)).Problem, Is.EqualTo("bad signature"), "other key");
            Assert.That((await _storage.VerifyAsync("meet/a.mp4", (long.Parse(exp) + 3600).ToString(), name, sig, CancellationToken.None)).Problem, Is.EqualTo("bad signature"), "longer expiry");
            Assert.That((await _storage.VerifyAsync("meet/a.mp4", exp, "other.exe", sig, CancellationToken.None)).Problem, Is.EqualTo("bad signature"), "other name");
            Assert.That((await _storage.VerifyAsync("meet/a.mp4", exp, name, flipped, CancellationToken.None)).Problem, Is.EqualTo("bad signature"), "other signature");
            Assert.That((await _storage.VerifyAsync("meet/a.mp4", exp, name, "", CancellationToken.None)).Problem, Is.EqualTo("missing signature"));
        }
    }

    [Test]
    public async Task SignedUrl_AfterItsLifetime_IsRefused()
    {
        await _storage.PutAsync("meet/a.mp4", new MemoryStream([1]), "video/mp4", CancellationToken.None);
        var (exp, name, sig) = await SignedPartsAsync("meet/a.mp4");

        _clock.Advance(TimeSpan.FromMinutes(9));
        var stillValid = await _storage.VerifyAsync("meet/a.mp4", exp, name, sig, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await _storage.VerifyAsync("meet/a.mp4", exp, name, sig, CancellationToken.None);

        Assert.That(stillValid.Problem, Is.Null);
        Assert.That(expired.Problem, Is.EqualTo("expired"));
    }

    [TestCase("../outside.mp4")]
    [TestCase("meet/../../outside.mp4")]
    [TestCase("/etc/passwd")]
    [TestCase("meet\\..\\x.mp4")]
    [TestCase(".keys/url-signing.key")]
    [TestCase("meet//a.mp4")]
    public async Task Traversal_IsRefused_Everywhere(string key)
    {
        File.WriteAllText(Path.Combine(_parent, "outside.mp4"), "secret");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _storage.VerifyAsync(key, "9999999999", "x.mp4", "sig", CancellationToken.None)).Problem, Is.EqualTo("invalid key"));
            Assert.ThrowsAsync<ArgumentException>(() => _storage.OpenReadAsync(key, null, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => _storage.PutAsync(key, new MemoryStream([1]), "video/mp4", CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => _storage.GetDownloadUrlAsync(key, "x.mp4", null, CancellationToken.None));
        }
    }

    [Test]
    public async Task WithoutAConfiguredKey_SignsWithAKeyProtectedByDataProtection_SharedByInstances()
    {
        var dataProtection = new EphemeralDataProtectionProvider();
        var options = new LocalStorageOptions { Root = _root };
        var first = new LocalBlobStorage(options, _clock, dataProtection);
        var second = new LocalBlobStorage(options, _clock, dataProtection);
        await first.PutAsync("meet/a.mp4", new MemoryStream([1]), "video/mp4", CancellationToken.None);

        var url = await first.GetDownloadUrlAsync("meet/a.mp4", "a.mp4", null, CancellationToken.None);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), url).Query);
        var verdict = await second.VerifyAsync("meet/a.mp4", query["exp"], query["name"], query["sig"], CancellationToken.None);
        var otherKey = await _storage.VerifyAsync("meet/a.mp4", query["exp"], query["name"], query["sig"], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verdict.Problem, Is.Null);
            Assert.That(otherKey.Problem, Is.EqualTo("bad signature"));
            Assert.That(File.ReadAllText(Path.Combine(_root, ".keys", "url-signing.key")), Does.Not.Contain("="), "the stored key is protected, not plain base64");
        }
    }
}
