using System.Collections.Concurrent;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// An instructor who uses only the keyboard broadcasts a class: Tab to the camera and microphone
/// choices, to "Go live" and Enter (confirming the early start as the browser asks), then Tab to
/// "End stream" and Enter. Every control reached on the way shows where the focus is.
/// </summary>
public class KeyboardBroadcastJourneyTests : LiveBrowserTestBase
{
    [Test]
    public async Task An_instructor_goes_live_and_ends_the_class_with_the_keyboard_alone()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Keys", Roles.Instructor);
        var memberId = await CreateUserAsync($"member-{Guid.NewGuid():N}@example.test", "Member Keys", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Keyboard broadcast");

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        await using var _ = Chromium.ClosesAtEnd(context);
        var questions = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            await Assertions.Expect(page.Locator("#go-live")).ToBeEnabledAsync(new() { Timeout = 30_000 });

            await KeyboardJourneyTests.TabToAsync(page, "Go live");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#end-stream")).ToBeVisibleAsync();
            await Screenshots.CaptureOneAsync(page, "keyboard-broadcast-live");

            await KeyboardJourneyTests.TabToAsync(page, "End stream");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Ended", new() { Timeout = 30_000 });
        });

        // The early start and the end are confirmed in the browser's own dialog, which the keyboard answers.
        Assert.That(questions, Has.Count.EqualTo(2), string.Join(" | ", questions));
        Assert.That(questions[0], Is.EqualTo("The class is scheduled later. Go live now anyway?"));
    }
}
