using System.Security.Cryptography;
using Streaming.Domain.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// Behind nginx (<c>Downloads:AccelRedirect</c> set, and the request saying it came through a proxy
/// that follows <c>X-Accel-Redirect</c>): once the app has authorized a download it answers with
/// the header only, and nginx sends the bytes. Refused requests never carry the header.
/// </summary>
public class AccelRedirectDownloadTests : RecordingsTestBase
{
    private const string Proxied = "X-Accel-Redirect";
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(50_000);
    private RangeFileServer _cdn = null!;
    private PageClient _owner = null!;
    private PageClient _other = null!;
    private PageClient _anonymous = null!;
    private Guid _atUrl;
    private Guid _inFolder;
    private string _folderKey = "";

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Downloads:AccelRedirect"] = "/_accel";
    }

    [OneTimeSetUp]
    public async Task AddRecordings()
    {
        _cdn = await RangeFileServer.StartAsync(_content);
        string ownerId;
        (_owner, ownerId) = await UserAsync("owner");
        (_other, _) = await UserAsync("other");
        _anonymous = NewVisitor();
        _atUrl = await AddMeetingAsync(ownerId, Products.M10, "Board meeting", _cdn.Url.ToString(), size: _content.Length);
        _folderKey = await StoreAsync(_content);
        _inFolder = await AddMeetingAsync(ownerId, Products.TipJar, "Weekly sync", _folderKey, size: _content.Length);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _owner?.Dispose();
        _other?.Dispose();
        _anonymous?.Dispose();
        if (_cdn is not null) await _cdn.DisposeAsync();
    }

    private static Task<HttpResponseMessage> ThroughNginxAsync(PageClient visitor, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Sendfile-Type", "X-Accel-Redirect");
        return visitor.Http.SendAsync(request);
    }

    [Test]
    public async Task Authorized_download_at_a_plain_URL_is_handed_to_nginx_with_its_name()
    {
        var response = await ThroughNginxAsync(_owner, $"/recordings/download?type=meet&id={_atUrl}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues(Proxied).Single(),
                Is.EqualTo($"/_accel/remote/http/{_cdn.Url.Authority}{_cdn.Url.PathAndQuery}"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("M10 Board meeting 2030-01-10.mp4"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty, "nginx sends the bytes, not the app");
        }
    }

    [Test]
    public async Task Signed_folder_link_is_handed_to_nginx_once_checked()
    {
        var signed = PageClient.RedirectTarget(await ThroughNginxAsync(_owner, $"/recordings/download?type=meet&id={_inFolder}"));

        var response = await ThroughNginxAsync(_anonymous, signed.ToString());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(signed.AbsolutePath, Does.StartWith("/blobs/test/"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues(Proxied).Single(), Is.EqualTo($"/_accel/blobs/{_folderKey}"));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
    }

    [Test]
    public async Task Expired_or_tampered_link_another_members_recording_and_a_visitor_get_no_file()
    {
        var signed = PageClient.RedirectTarget(await ThroughNginxAsync(_owner, $"/recordings/download?type=meet&id={_inFolder}")).ToString();
        var tampered = await ThroughNginxAsync(_anonymous, signed.Replace("name=", "name=x", StringComparison.Ordinal));
        var foreign = await ThroughNginxAsync(_other, $"/recordings/download?type=meet&id={_atUrl}");
        var foreignFolder = await ThroughNginxAsync(_other, $"/recordings/download?type=meet&id={_inFolder}");
        var visitor = await ThroughNginxAsync(_anonymous, $"/recordings/download?type=meet&id={_atUrl}");
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        HttpResponseMessage expired;
        try
        {
            expired = await ThroughNginxAsync(_anonymous, signed);
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(-11));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an expired link");
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a tampered link");
            Assert.That((int)foreign.StatusCode, Is.AnyOf(403, 404), "another member's recording at a URL");
            Assert.That((int)foreignFolder.StatusCode, Is.AnyOf(403, 404), "another member's recording in the folder");
            Assert.That(PageClient.RedirectTarget(visitor).AbsolutePath, Is.EqualTo("/account/login"), "a visitor");
            foreach (var refused in new[] { expired, tampered, foreign, foreignFolder, visitor })
                Assert.That(refused.Headers.Contains(Proxied), Is.False, $"no hand-off on {(int)refused.StatusCode}");
        }
    }

    [Test]
    public async Task Request_that_did_not_come_through_nginx_gets_the_file_from_the_app()
    {
        var response = await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_atUrl}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Contains(Proxied), Is.False);
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_content));
        }
    }
}
