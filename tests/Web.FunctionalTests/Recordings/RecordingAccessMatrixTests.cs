using System.Net.Http.Headers;
using System.Security.Cryptography;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// Who sees and downloads what: owner, another member, an instructor, the super admin, an
/// anonymous visitor — over a TipJar meeting, an M10 call, a clip, and a DJDash meeting that
/// nobody may see.
/// </summary>
public class RecordingAccessMatrixTests : RecordingsTestBase
{
    private readonly byte[] _meetingBytes = RandomNumberGenerator.GetBytes(50_000);
    private PageClient _owner = null!, _other = null!, _instructor = null!, _admin = null!, _anonymous = null!;
    private string _ownerId = null!, _otherId = null!;
    private Guid _meeting, _otherMeeting, _djdash, _call, _clip, _othersClip, _noFile;

    [OneTimeSetUp]
    public async Task CreateRecordings()
    {
        (_owner, _ownerId) = await UserAsync("owner");
        (_other, _otherId) = await UserAsync("other");
        (_instructor, _) = await UserAsync("instructor", Roles.Instructor);
        (_admin, _) = await AdminAsync();
        _anonymous = NewVisitor();

        var key = await StoreAsync(_meetingBytes);
        _meeting = await AddMeetingAsync(_ownerId, Products.TipJar, "Owner's weekly sync", key, size: _meetingBytes.Length);
        _otherMeeting = await AddMeetingAsync(_otherId, Products.M10, "Other's standup", await StoreAsync([1, 2, 3]));
        _djdash = await AddMeetingAsync(_ownerId, Products.DJDash, "DJ set (hidden)", await StoreAsync([4, 5, 6]));
        _call = await AddCallAsync(_ownerId, Products.M10, "+1 555 0100", await StoreAsync([7, 8, 9], ".m4a"));
        _clip = await AddClipAsync(_ownerId, _meeting, Products.TipJar, await StoreAsync([10, 11]));
        _othersClip = await AddClipAsync(_otherId, _otherMeeting, Products.M10, await StoreAsync([12]));
        _noFile = await AddMeetingAsync(_ownerId, Products.TipJar, "Still recording", null);
    }

    [OneTimeTearDown]
    public void DisposeVisitors()
    {
        _owner?.Dispose();
        _other?.Dispose();
        _instructor?.Dispose();
        _admin?.Dispose();
        _anonymous?.Dispose();
    }

    private PageClient Who(string who) => who switch
    {
        "owner" => _owner,
        "other" => _other,
        "instructor" => _instructor,
        "admin" => _admin,
        _ => _anonymous,
    };

    private Guid Which(string what) => what switch
    {
        "meeting" => _meeting,
        "othersMeeting" => _otherMeeting,
        "djdash" => _djdash,
        "call" => _call,
        "clip" => _clip,
        "othersClip" => _othersClip,
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [TestCase("owner", "meet", "meeting", 302)]
    [TestCase("owner", "meet", "othersMeeting", 404)]
    [TestCase("owner", "meet", "djdash", 404)]
    [TestCase("owner", "voice", "call", 404)]
    [TestCase("owner", "clip", "clip", 302)]
    [TestCase("owner", "clip", "othersClip", 404)]
    [TestCase("other", "meet", "meeting", 404)]
    [TestCase("other", "clip", "clip", 404)]
    [TestCase("other", "meet", "othersMeeting", 302)]
    [TestCase("instructor", "meet", "meeting", 404)]
    [TestCase("instructor", "voice", "call", 404)]
    [TestCase("instructor", "clip", "clip", 404)]
    [TestCase("admin", "meet", "meeting", 302)]
    [TestCase("admin", "meet", "othersMeeting", 302)]
    [TestCase("admin", "voice", "call", 302)]
    [TestCase("admin", "clip", "othersClip", 302)]
    [TestCase("admin", "meet", "djdash", 404)]
    [TestCase("owner", "clip", "meeting", 404)]
    public async Task Download(string who, string type, string what, int expected)
    {
        var response = await Who(who).Http.GetAsync($"/recordings/download?type={type}&id={Which(what)}");

        Assert.That((int)response.StatusCode, Is.EqualTo(expected));
        if (expected == 302)
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Does.StartWith("/blobs/test/"), "a signed URL of the store");
    }

    [Test]
    public async Task Download_Anonymous_IsSentToLogIn()
    {
        var response = await _anonymous.Http.GetAsync($"/recordings/download?type=meet&id={_meeting}");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task Download_FollowingTheRedirect_SavesTheFile_AsAnAttachment_WithRanges()
    {
        var response = await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_meeting}");
        var signed = PageClient.RedirectTarget(response);

        using var file = await _anonymous.Http.GetAsync(signed);
        using var request = new HttpRequestMessage(HttpMethod.Get, signed);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await _anonymous.Http.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the signed URL itself is the credential");
            Assert.That(file.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(file.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("TipJar Owner's weekly sync 2030-01-10.mp4"));
            Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(_meetingBytes));
            Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await part.Content.ReadAsByteArrayAsync(), Is.EqualTo(_meetingBytes[100..200]));
        }
    }

    [Test]
    public async Task SignedUrl_Tampered_OrExpired_IsRefused()
    {
        var signed = PageClient.RedirectTarget(await _owner.Http.GetAsync($"/recordings/download?type=meet&id={_meeting}")).ToString();
        var otherKey = PageClient.RedirectTarget(await _other.Http.GetAsync($"/recordings/download?type=meet&id={_otherMeeting}")).AbsolutePath;
        var tamperedKey = otherKey + signed[signed.IndexOf('?')..];
        var tamperedName = signed.Replace("name=", "name=x", StringComparison.Ordinal);
        var traversal = "/blobs/..%2F..%2Fetc%2Fpasswd" + signed[signed.IndexOf('?')..];

        var statuses = new List<HttpStatusCode>();
        foreach (var url in new[] { tamperedKey, tamperedName, traversal })
            statuses.Add((await _anonymous.Http.GetAsync(url)).StatusCode);
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        try
        {
            statuses.Add((await _anonymous.Http.GetAsync(signed)).StatusCode);
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(-11));
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Download_UnknownType_Or_BadId_IsA400WithAMessage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recordings/download?type=video&id={_meeting}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var unknownType = await _owner.Http.SendAsync(request);
        var badId = await _owner.Http.GetAsync("/recordings/download?type=meet&id=not-a-guid");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknownType.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unknownType.Content.ReadAsStringAsync(), Does.Contain("type must be meet, voice or clip."));
            Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
    }

    [Test]
    public async Task Download_MeetingWithoutAFile_SaysSo()
    {
        var page = await _owner.GetAsync($"/recordings/download?type=meet&id={_noFile}");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(page.Text, Does.Contain("This recording has no file yet."));
    }

    [Test]
    public async Task Play_StreamsInline_ForTheOwnerOnly()
    {
        var mine = await _owner.Http.GetAsync($"/recordings/play?type=meet&id={_meeting}");
        var theirs = await _other.Http.GetAsync($"/recordings/play?type=meet&id={_meeting}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(mine.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("inline"));
            Assert.That(await mine.Content.ReadAsByteArrayAsync(), Is.EqualTo(_meetingBytes));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task List_Owner_SeesTheirMeetingsOnly_AndNoDJDash()
    {
        var page = await _owner.GetAsync("/recordings");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Text, Does.Contain("Owner's weekly sync"));
            Assert.That(page.Text, Does.Not.Contain("Other's standup"));
            Assert.That(page.Text, Does.Not.Contain("DJ set"));
            Assert.That(page.Document.QuerySelector("#recording-tabs")!.TextContent, Does.Not.Contain("Voice calls"));
            Assert.That(page.MenuItems, Does.Contain("Recordings"));
        }
    }

    [Test]
    public async Task Menu_SomeoneWithoutRecordings_DoesNotSeeRecordings()
    {
        var page = await Who("instructor").GetAsync("/streams");

        Assert.That(page.MenuItems, Does.Not.Contain("Recordings"));
    }

    [TestCase("other")]
    [TestCase("instructor")]
    public async Task List_OthersAndInstructors_DoNotSeeTheOwnersMeeting(string who)
    {
        var page = await Who(who).GetAsync("/recordings?tab=calls");

        Assert.That(page.Text, Does.Not.Contain("Owner's weekly sync"));
        Assert.That(page.Text, Does.Not.Contain("+1 555 0100"));
    }

    [Test]
    public async Task List_SuperAdmin_SeesEveryTipJarAndM10Recording_ButNoDJDash()
    {
        var meetings = await _admin.GetAsync("/recordings");
        var calls = await _admin.GetAsync("/recordings?tab=calls");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(meetings.Text, Does.Contain("Owner's weekly sync"));
            Assert.That(meetings.Text, Does.Contain("Other's standup"));
            Assert.That(meetings.Text, Does.Not.Contain("DJ set"));
            Assert.That(calls.Text, Does.Contain("Call with +1 555 0100"));
        }
    }

    [Test]
    public async Task List_Anonymous_IsSentToLogIn()
    {
        var response = await _anonymous.Http.GetAsync("/recordings");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }
}

/// <summary>The same matrix over clip creation, clip status and the share page.</summary>
public class ClipAndShareAccessMatrixTests : RecordingsTestBase
{
    private PageClient _owner = null!, _other = null!, _instructor = null!, _admin = null!, _anonymous = null!;
    private Guid _meeting, _otherMeeting, _djdash, _clip, _djdashClip;

    [OneTimeSetUp]
    public async Task CreateRecordings()
    {
        string ownerId, otherId;
        (_owner, ownerId) = await UserAsync("owner");
        (_other, otherId) = await UserAsync("other");
        (_instructor, _) = await UserAsync("instructor", Roles.Instructor);
        (_admin, _) = await AdminAsync();
        _anonymous = NewVisitor();
        _meeting = await AddMeetingAsync(ownerId, Products.TipJar, "Owner's weekly sync", await StoreAsync([1, 2, 3]), duration: 120);
        _otherMeeting = await AddMeetingAsync(otherId, Products.M10, "Other's standup", await StoreAsync([4]), duration: 120);
        _djdash = await AddMeetingAsync(ownerId, Products.DJDash, "DJ set (hidden)", await StoreAsync([5]), duration: 120);
        _clip = await AddClipAsync(ownerId, _meeting, Products.TipJar, await StoreAsync([6]));
        _djdashClip = await AddClipAsync(ownerId, _djdash, Products.DJDash, await StoreAsync([7]));
    }

    [OneTimeTearDown]
    public void DisposeVisitors()
    {
        _owner?.Dispose();
        _other?.Dispose();
        _instructor?.Dispose();
        _admin?.Dispose();
        _anonymous?.Dispose();
    }

    private PageClient Who(string who) => who switch
    {
        "owner" => _owner,
        "other" => _other,
        "instructor" => _instructor,
        "admin" => _admin,
        _ => _anonymous,
    };

    private Guid Which(string what) => what switch
    {
        "meeting" => _meeting,
        "othersMeeting" => _otherMeeting,
        "djdash" => _djdash,
        "clip" => _clip,
        _ => _djdashClip,
    };

    /// <summary>Posts the clip form with the visitor's own antiforgery token (taken from any form it can see).</summary>
    private static async Task<HttpResponseMessage> CreateClipAsync(PageClient visitor, Guid source, double start, double end)
    {
        var form = (await visitor.GetAsync("/account/login")).Form();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForm.AntiforgeryField] = form.AntiforgeryToken ?? "",
            ["type"] = "meet",
            ["sourceId"] = source.ToString(),
            ["start"] = start.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["end"] = end.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return await visitor.Http.PostAsync("/recordings/clips", content);
    }

    [TestCase("owner", "meeting", 302)]
    [TestCase("owner", "othersMeeting", 404)]
    [TestCase("owner", "djdash", 404)]
    [TestCase("other", "meeting", 404)]
    [TestCase("instructor", "meeting", 404)]
    [TestCase("admin", "meeting", 302)]
    [TestCase("admin", "djdash", 404)]
    public async Task ClipCreate(string who, string what, int expected)
    {
        var response = await CreateClipAsync(Who(who), Which(what), 10, 30);

        Assert.That((int)response.StatusCode, Is.EqualTo(expected));
        if (expected == 302) Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Does.StartWith("/recordings/clips/"));
    }

    [Test]
    public async Task ClipEditor_OthersRecording_Is404_OwnIs200()
    {
        var mine = await _owner.GetAsync($"/recordings/clips/new?type=meet&id={_meeting}");
        var theirs = await _other.GetAsync($"/recordings/clips/new?type=meet&id={_meeting}");

        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(mine.Document.QuerySelector("#mark-in"), Is.Not.Null);
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ClipCreate_InvalidRange_ShowsTheRulesOnThePage()
    {
        var form = (await _owner.GetAsync($"/recordings/clips/new?type=meet&id={_meeting}")).Form("#clip-form");
        form.Set("start", "0:50").Set("end", "0:40");

        var page = await _owner.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.ValidationMessages, Does.Contain("The end must be after the start."));
    }

    [TestCase("owner", "clip", 200)]
    [TestCase("other", "clip", 404)]
    [TestCase("instructor", "clip", 404)]
    [TestCase("admin", "clip", 200)]
    [TestCase("owner", "djdashClip", 404)]
    [TestCase("admin", "djdashClip", 404)]
    public async Task ClipStatus(string who, string what, int expected)
    {
        var response = await Who(who).Http.GetAsync($"/recordings/clips/{Which(what)}/status");

        Assert.That((int)response.StatusCode, Is.EqualTo(expected));
        if (expected == 200) Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"Ready\""));
    }

    [Test]
    public async Task ClipStatus_Anonymous_IsSentToLogIn()
    {
        var response = await _anonymous.Http.GetAsync($"/recordings/clips/{_clip}/status");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [TestCase("owner", "meet", "meeting", 200)]
    [TestCase("owner", "clip", "clip", 200)]
    [TestCase("other", "meet", "meeting", 404)]
    [TestCase("instructor", "clip", "clip", 404)]
    [TestCase("admin", "meet", "othersMeeting", 200)]
    [TestCase("anonymous", "meet", "meeting", 200)]
    [TestCase("anonymous", "meet", "djdash", 404)]
    [TestCase("owner", "meet", "djdash", 404)]
    [TestCase("admin", "clip", "djdashClip", 404)]
    public async Task SharePage(string who, string type, string what, int expected)
    {
        var page = await Who(who).GetAsync($"/recordings/share/{type}/{Which(what)}");

        Assert.That((int)page.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task SharePage_Owner_SeesTheVideo_WithOpenGraphTags_AndShareActions()
    {
        var page = await _owner.GetAsync($"/recordings/share/meet/{_meeting}");

        string? Meta(string property) => page.Document.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Meta("og:title"), Is.EqualTo("Owner's weekly sync"));
            Assert.That(Meta("og:type"), Is.EqualTo("video.other"));
            Assert.That(Meta("og:url"), Is.EqualTo($"http://localhost/recordings/share/meet/{_meeting}"));
            Assert.That(page.Document.QuerySelector("#shared-video")?.GetAttribute("src"), Is.EqualTo($"/recordings/play?type=meet&id={_meeting}"));
            Assert.That(page.Document.QuerySelector("#share-facebook"), Is.Null, "private: Facebook needs a link for anyone first (SharedLinkTests)");
            Assert.That(page.Document.QuerySelector("#make-public"), Is.Not.Null);
            Assert.That(page.Document.QuerySelector("[data-copy-link]")?.GetAttribute("data-copy-link"), Is.EqualTo($"http://localhost/recordings/share/meet/{_meeting}"));
            Assert.That(page.Text, Does.Contain("Instagram and TikTok take videos, not links"));
        }
    }

    [Test]
    public async Task SharePage_Anonymous_GetsASignInPrompt_AndNothingAboutTheRecording()
    {
        var page = await _anonymous.GetAsync($"/recordings/share/meet/{_meeting}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Document.QuerySelector("#sign-in-prompt"), Is.Not.Null);
            Assert.That(page.Html, Does.Not.Contain("weekly sync"));
            Assert.That(page.Document.QuerySelector("video"), Is.Null);
        }
    }
}
