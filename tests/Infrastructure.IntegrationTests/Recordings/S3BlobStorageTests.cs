using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Storage;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Recordings;

/// <summary>The S3 adapter against a real S3-protocol server (s3rver), over real HTTP.</summary>
[Parallelizable(ParallelScope.Self)]
public class S3BlobStorageTests
{
    private S3rverProcess _server = null!;
    private S3BlobStorage _storage = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartS3rver()
    {
        _server = await S3rverProcess.StartAsync();
        // A presigned URL is checked by the server against its own (real) clock.
        _storage = new S3BlobStorage(new S3StorageOptions
        {
            Bucket = "recordings",
            ServiceUrl = _server.Url.ToString(),
            AccessKey = S3rverProcess.AccessKey,
            SecretKey = S3rverProcess.SecretKey,
            ForcePathStyle = true,
            MultipartPartSize = 5 * 1024 * 1024,
        }, TimeProvider.System);
        await _storage.EnsureBucketAsync(CancellationToken.None);
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopS3rver()
    {
        _http?.Dispose();
        _storage?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Test]
    public async Task Put_ThenRead_IsByteIdentical()
    {
        var content = RandomBytes(300_000);

        var size = await _storage.PutAsync("meet/2030/01/small.mp4", new MemoryStream(content), "video/mp4", CancellationToken.None);
        await using var read = await _storage.OpenReadAsync("meet/2030/01/small.mp4", null, CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(size, Is.EqualTo(content.Length));
            Assert.That(read.TotalLength, Is.EqualTo(content.Length));
            Assert.That(SHA256.HashData(copy.ToArray()), Is.EqualTo(SHA256.HashData(content)), "no aws-chunked framing inside the object");
            Assert.That(await _storage.GetSizeAsync("meet/2030/01/small.mp4", CancellationToken.None), Is.EqualTo(content.Length));
        }
    }

    [Test]
    public async Task Put_LargerThanOnePart_UploadsInPartsByteIdentical()
    {
        var content = RandomBytes(12 * 1024 * 1024 + 123);
        // An unseekable stream (like an upload body) with more than two parts.
        await using var pipe = new UnseekableStream(new MemoryStream(content));

        var size = await _storage.PutAsync("meet/2030/01/large.mp4", pipe, "video/mp4", CancellationToken.None);
        await using var read = await _storage.OpenReadAsync("meet/2030/01/large.mp4", null, CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(size, Is.EqualTo(content.Length));
            Assert.That(copy.Length, Is.EqualTo(content.Length));
            Assert.That(SHA256.HashData(copy.ToArray()), Is.EqualTo(SHA256.HashData(content)));
        }
    }

    [Test]
    public async Task OpenRead_WithARange_ReturnsThoseBytes()
    {
        var content = RandomBytes(10_000);
        await _storage.PutAsync("ranges/file.bin", new MemoryStream(content), "application/octet-stream", CancellationToken.None);

        await using var read = await _storage.OpenReadAsync("ranges/file.bin", new BlobRange(100, 199), CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.ToArray(), Is.EqualTo(content[100..200]));
            Assert.That(read.From, Is.EqualTo(100));
            Assert.That(read.TotalLength, Is.EqualTo(10_000));
            Assert.That(read.IsPartial, Is.True);
        }
    }

    [Test]
    public async Task OpenRead_Missing_ReturnsNull_AndDeleteRemoves()
    {
        await _storage.PutAsync("gone/file.bin", new MemoryStream([1, 2, 3]), "application/octet-stream", CancellationToken.None);
        await _storage.DeleteAsync("gone/file.bin", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await _storage.OpenReadAsync("gone/file.bin", null, CancellationToken.None), Is.Null);
            Assert.That(await _storage.GetSizeAsync("gone/file.bin", CancellationToken.None), Is.Null);
        }
    }

    [Test]
    public async Task PresignedUrl_DownloadsAsAnAttachment_WithUtf8FileName_AndRanges()
    {
        var content = RandomBytes(5000);
        await _storage.PutAsync("meet/2030/01/weekly.mp4", new MemoryStream(content), "video/mp4", CancellationToken.None);

        var url = await _storage.GetDownloadUrlAsync("meet/2030/01/weekly.mp4", "Réunion \"hebdo\".mp4", null, CancellationToken.None);
        using var whole = await _http.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(10, 19);
        using var part = await _http.SendAsync(request);

        var disposition = whole.Content.Headers.ContentDisposition?.ToString() ?? "";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await whole.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
            Assert.That(disposition, Does.StartWith("attachment; filename=\"Reunion -hebdo-.mp4\""));
            Assert.That(disposition, Does.Contain("filename*=UTF-8''R%C3%A9union%20-hebdo-.mp4"));
            Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await part.Content.ReadAsByteArrayAsync(), Is.EqualTo(content[10..20]));
        }
    }

    [Test]
    public async Task PresignedUrl_AfterItExpires_IsRefused()
    {
        await _storage.PutAsync("meet/2030/01/expiring.mp4", new MemoryStream([1, 2, 3]), "video/mp4", CancellationToken.None);

        var url = await _storage.GetDownloadUrlAsync("meet/2030/01/expiring.mp4", "x.mp4", TimeSpan.FromSeconds(1), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var response = await _http.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void PresignedUrl_LivesForTheConfiguredMinutes()
    {
        var url = _storage.GetDownloadUrlAsync("meet/a.mp4", "a.mp4", null, CancellationToken.None).Result;

        var expires = int.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!);

        // The expiry is a point in time on the real clock that the SDK turns back into seconds from its own
        // "now", a little later on a loaded machine: a few seconds short still proves 10 minutes.
        Assert.That(expires, Is.InRange(590, 601), "10 minutes (the SDK rounds up to the next second)");
    }

    [TestCase("s3://recordings/meet/room.mp4", "meet/room.mp4")]
    [TestCase("https://recordings.s3.eu-west-1.amazonaws.com/meet/room.mp4", "meet/room.mp4")]
    [TestCase("https://s3.amazonaws.com/recordings/meet/room.mp4", "meet/room.mp4")]
    public void TryGetKey_RecognisesUrlsOfItsBucket(string location, string key)
    {
        Assert.That(_storage.TryGetKey(location, out var found), Is.True);
        Assert.That(found, Is.EqualTo(key));
    }

    [TestCase("https://cdn.example.com/recordings/meet/room.mp4")]
    [TestCase("s3://other-bucket/meet/room.mp4")]
    [TestCase("s3://recordings/../etc/passwd")]
    public void TryGetKey_LeavesOtherUrlsAlone(string location)
    {
        Assert.That(_storage.TryGetKey(location, out _), Is.False);
    }

    [Test]
    public void TryGetKey_RecognisesTheServiceUrl()
    {
        Assert.That(_storage.TryGetKey(new Uri(_server.Url, "recordings/meet/x.mp4").ToString(), out var key), Is.True);
        Assert.That(key, Is.EqualTo("meet/x.mp4"));
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
