using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Streaming.Domain.Users;
using Streaming.TestSupport.Recordings;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The chat panel in two windows during a live class: the member on the watch page, the
/// instructor on the broadcast page. They chat (markup typed by the member stays text), the
/// instructor deletes a message (gone in both windows) and mutes the member (whose box closes).
/// Screenshots at 390 and 1280 px go to .data/screenshots/.
/// </summary>
public class ChatJourneyTests : LiveBrowserTestBase
{
    [Test]
    public async Task Member_and_instructor_chat_then_the_instructor_deletes_a_message_and_mutes_the_member()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Maya", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Ana", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Core blast (chat test)");
        await GoLiveAsync(streamId);

        var problems = new ConcurrentQueue<string>();
        var (coachContext, coach) = await SignedInPageAsync(instructorEmail, problems, "instructor");
        var (memberContext, member) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(coachContext);
        await using var __ = Chromium.ClosesAtEnd(memberContext);
        await member.SetViewportSizeAsync(390, 844);
        await coach.SetViewportSizeAsync(1280, 900);

        await Chromium.RunJourneyAsync(member, problems, async () =>
        {
            await coach.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            await member.GotoAsync($"/streams/{streamId}/watch");
            foreach (var page in new[] { coach, member })
            {
                await Assertions.Expect(page.Locator("#chat-state")).ToHaveTextAsync("Live");
                await Assertions.Expect(page.Locator("#chat-input")).ToBeEnabledAsync();
            }

            await Assertions.Expect(coach.Locator("#chat-moderation")).ToBeVisibleAsync();
            await Assertions.Expect(member.Locator("#chat-moderation")).ToBeHiddenAsync();

            // The member says hello with some markup in it: both windows show it as typed, nothing runs.
            const string hello = "Hi coach! <script>window.pwned = 1</script><b>not bold</b>";
            await SendAsync(member, hello);
            var onCoach = coach.Locator("#chat-messages .chat-message").Filter(new() { HasText = "Hi coach!" });
            await Assertions.Expect(onCoach.Locator(".chat-text")).ToHaveTextAsync(hello);
            await Assertions.Expect(onCoach.Locator(".chat-author")).ToHaveTextAsync("Ana");
            foreach (var page in new[] { coach, member })
            {
                Assert.That(await page.Locator("#chat-messages script, #chat-messages b").CountAsync(), Is.Zero, "markup stays text");
                Assert.That(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), Is.True);
            }

            // The instructor answers; the member sees the instructor's badge.
            await SendAsync(coach, "Welcome Ana, grab a mat.");
            var answer = member.Locator("#chat-messages .chat-message").Filter(new() { HasText = "Welcome Ana" });
            await Assertions.Expect(answer.Locator(".badge")).ToHaveTextAsync("Instructor");

            // Too long for the box? The box stops at 500; an empty message gets a message.
            await member.Locator("#chat-input").FillAsync("   ");
            await member.Locator("#chat-send").ClickAsync();
            await Assertions.Expect(member.Locator("#chat-error")).ToHaveTextAsync("Type a message first.");

            await SendAsync(member, "This class is a waste of money");
            var rude = coach.Locator("#chat-messages .chat-message").Filter(new() { HasText = "waste of money" });
            await Assertions.Expect(rude).ToBeVisibleAsync();
            await Screenshot(member, "chat-watch-390");
            await Screenshot(coach, "chat-broadcast-1280");

            // The instructor deletes it: gone in both windows.
            await rude.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Assertions.Expect(rude).ToHaveCountAsync(0);
            await Assertions.Expect(member.Locator("#chat-messages .chat-message").Filter(new() { HasText = "waste of money" })).ToHaveCountAsync(0);
            Assert.That(await ReadAsync(db => db.ChatMessages.AsNoTracking().Where(m => m.StreamId == streamId && m.DeletedAt != null).Select(m => m.Text).ToListAsync()),
                Is.EqualTo(new[] { "This class is a waste of money" }), "stored as deleted");

            // The instructor mutes the member (confirming), whose box closes with a reason.
            coach.Dialog += (_, dialog) => dialog.AcceptAsync();
            await onCoach.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
            await Assertions.Expect(member.Locator("#chat-input")).ToBeDisabledAsync();
            await Assertions.Expect(member.Locator("#chat-state")).ToHaveTextAsync("You are muted for the rest of this class");
            await Assertions.Expect(member.Locator("#chat-input")).ToHaveAttributeAsync("placeholder", "You are muted.");
            await Assertions.Expect(member.Locator(".chat-note")).ToHaveTextAsync("A moderator has muted you for the rest of this class.");
            await Assertions.Expect(coach.Locator(".chat-note")).ToHaveTextAsync("Ana is muted for the rest of this class.");

            // Slow mode from the moderation bar reaches the member's panel.
            await coach.Locator("#chat-slow-mode").SelectOptionAsync("30");
            await Assertions.Expect(member.Locator("#chat-state")).ToContainTextAsync("You are muted");
            await Assertions.Expect(coach.Locator("#chat-state")).ToHaveTextAsync("Live · slow mode 30 s");

            await Screenshot(member, "chat-watch-muted-390");
            await member.SetViewportSizeAsync(1280, 900);
            await Screenshot(member, "chat-watch-muted-1280");
            await coach.SetViewportSizeAsync(390, 844);
            await Screenshot(coach, "chat-broadcast-390");
        });

        Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
            Is.Empty, string.Join(Environment.NewLine, problems));
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.Locator("#chat-input").FillAsync(text);
        await page.Locator("#chat-send").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-messages .chat-message .chat-text").Filter(new() { HasText = text.Length > 20 ? text[..20] : text }).Last)
            .ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chat-input")).ToHaveValueAsync("");
    }

    private async Task GoLiveAsync(Guid streamId) =>
        await ReadAsync(async db =>
        {
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            stream.GoLive(Factory.Clock.Now);
            return await db.SaveChangesAsync();
        });

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(S3rverProcess.RepositoryRoot(), ".data", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
