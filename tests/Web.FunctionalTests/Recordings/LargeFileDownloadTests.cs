using System.Net.Http.Headers;
using System.Security.Cryptography;
using Streaming.Domain.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// Files of several 1 MiB chunks, read straight into the response (<c>ChunkedCopy</c>): every byte
/// arrives once and in order, whole or as a range across chunk boundaries, from the local folder's
/// signed link and through the proxy for a plain URL.
/// </summary>
public class LargeFileDownloadTests : RecordingsTestBase
{
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 12_345);
    private RangeFileServer _cdn = null!;
    private PageClient _owner = null!;
    private PageClient _anonymous = null!;
    private Guid _inFolder;
    private Guid _atUrl;

    [OneTimeSetUp]
    public async Task AddRecordings()
    {
        _cdn = await RangeFileServer.StartAsync(_content);
        string ownerId;
        (_owner, ownerId) = await UserAsync("owner");
        _anonymous = NewVisitor();
        _inFolder = await AddMeetingAsync(ownerId, Products.TipJar, "Weekly sync", await StoreAsync(_content), size: _content.Length);
        _atUrl = await AddMeetingAsync(ownerId, Products.M10, "Board meeting", _cdn.Url.ToString(), size: _content.Length);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _owner?.Dispose();
        _anonymous?.Dispose();
        if (_cdn is not null) await _cdn.DisposeAsync();
    }

    private async Task<Uri> SignedLinkAsync() =>
        PageClient.RedirectTarget(await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_inFolder}"));

    [Test]
    public async Task Folder_file_arrives_whole()
    {
        var response = await _anonymous.Http.GetAsync(await SignedLinkAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(_content.Length));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content));
        }
    }

    [TestCase(1_000_000L, 2_200_000L)]
    [TestCase(3L * 1024 * 1024 - 1, null)]
    public async Task Folder_range_across_chunks_arrives_exactly(long from, long? to)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await SignedLinkAsync());
        request.Headers.Range = new RangeHeaderValue(from, to);

        var response = await _anonymous.Http.SendAsync(request);

        var last = to ?? _content.Length - 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes {from}-{last}/{_content.Length}"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content[(int)from..(int)(last + 1)]));
        }
    }

    [Test]
    public async Task Proxied_file_arrives_whole_and_as_a_range()
    {
        var whole = await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_atUrl}");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/recordings/download?type=meet&id={_atUrl}");
        request.Headers.Range = new RangeHeaderValue(1_048_000, 2_097_200);
        var part = await _owner.Http.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole.StatusCode, Is.EqualTo(HttpStatusCode.OK), "streamed through the app");
            Assert.That(await whole.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content));
            Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await part.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content[1_048_000..2_097_201]));
        }
    }
}
