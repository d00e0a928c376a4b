using System.Text.Json;
using Streaming.Domain.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// The inline player's question after a failure (<c>/recordings/playback</c>): where to play from
/// while the caller may watch, and a plain reason once they may not.
/// </summary>
public class RecordingPlaybackTests : RecordingsTestBase
{
    [Test]
    public async Task The_owner_is_told_where_to_play_from_and_everyone_else_why_not()
    {
        var (owner, ownerId) = await UserAsync("owner");
        var (other, _) = await UserAsync("other");
        using var anonymous = NewVisitor();
        var meeting = await AddMeetingAsync(ownerId, Products.TipJar, "Playback sync", await StoreAsync([1, 2, 3]));
        var clip = await AddClipAsync(ownerId, meeting, Products.TipJar, await StoreAsync([4, 5]));
        using (owner)
        using (other)
        {
            foreach (var (type, id) in new[] { ("meet", meeting), ("clip", clip) })
            {
                var mine = await owner.Http.GetAsync($"/recordings/playback?type={type}&id={id}");
                Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                var body = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()).RootElement;
                Assert.That(body.GetProperty("url").GetString(), Is.EqualTo($"/recordings/play?type={type}&id={id}"));
                Assert.That(body.GetProperty("expiresInSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null), "the app's own endpoint does not expire");

                var theirs = await other.Http.GetAsync($"/recordings/playback?type={type}&id={id}");
                Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                Assert.That(await theirs.Content.ReadAsStringAsync(), Does.Contain("This video is no longer available to you."));

                var signedOut = await anonymous.Http.GetAsync($"/recordings/playback?type={type}&id={id}");
                Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(await signedOut.Content.ReadAsStringAsync(), Does.Contain("You are signed out."));
            }

            var page = await owner.GetAsync("/recordings");
            Assert.That(page.Document.QuerySelector("video.recording-player")?.GetAttribute("data-playback-url"),
                Is.EqualTo($"/recordings/playback?type=meet&id={meeting}"));
        }
    }
}
