using System.Net.Http.Headers;
using System.Security.Cryptography;
using Streaming.Domain.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>A recording at a plain URL (a CDN the app cannot sign for) is streamed through the app.</summary>
public class ProxyDownloadTests : RecordingsTestBase
{
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(300_000);
    private RangeFileServer _cdn = null!;
    private PageClient _owner = null!;
    private Guid _meeting;

    [OneTimeSetUp]
    public async Task StartCdn()
    {
        _cdn = await RangeFileServer.StartAsync(_content);
        string ownerId;
        (_owner, ownerId) = await UserAsync("owner");
        _meeting = await AddMeetingAsync(ownerId, Products.M10, "Board meeting", _cdn.Url.ToString());
    }

    [OneTimeTearDown]
    public async Task StopCdn()
    {
        _owner?.Dispose();
        if (_cdn is not null) await _cdn.DisposeAsync();
    }

    [Test]
    public async Task Download_StreamsTheWholeFile_AsAnAttachment()
    {
        var response = await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_meeting}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no redirect to the CDN");
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("M10 Board meeting 2030-01-10.mp4"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(_content.Length));
            Assert.That(response.Headers.AcceptRanges, Does.Contain("bytes"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content));
        }
    }

    [Test]
    public async Task Download_PassesTheRangeThrough()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recordings/download?type=meet&id={_meeting}");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        var response = await _owner.Http.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 1000-1999/{_content.Length}"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content[1000..2000]));
            Assert.That(_cdn.RangesRequested, Does.Contain("bytes=1000-1999"), "the CDN was asked for the range only");
        }
    }

    [Test]
    public async Task Download_RangePastTheEnd_Is416()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recordings/play?type=meet&id={_meeting}");
        request.Headers.Range = new RangeHeaderValue(_content.Length + 10, null);

        var response = await _owner.Http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(404).Or.EqualTo(416));
    }
}
