using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Full classes and recurring classes: a member joins the waitlist of a full class (nothing is
/// charged), another member cancels, and the waitlisted member finds the seat theirs — paid then —
/// on "My classes"; an instructor schedules a weekly series in one form.
/// </summary>
public class WaitlistJourneyTests : LiveBrowserTestBase
{
    private const int Price = 5;

    protected override string[] BrowserArgs => Chromium.Args;

    protected override BrowserNewContextOptions ContextOptions() => new() { BaseURL = BaseAddress.ToString(), TimezoneId = "Europe/Paris" };

    [Test]
    public async Task A_waitlisted_member_gets_the_seat_a_cancellation_frees()
    {
        var instructorId = await CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "Coach Full", Roles.Instructor);
        var seatedEmail = $"seated-{Guid.NewGuid():N}@example.test";
        var waitingEmail = $"waiting-{Guid.NewGuid():N}@example.test";
        var seatedId = await CreateUserAsync(seatedEmail, "Member Seated", Roles.Member);
        var waitingId = await CreateUserAsync(waitingEmail, "Member Waiting", Roles.Member);
        await GrantAsync(seatedId, 10);
        await GrantAsync(waitingId, 10);
        var streamId = await FullClassAsync(instructorId, seatedId, "Saturday bootcamp");

        var problems = new ConcurrentQueue<string>();
        var (waitingContext, waiting) = await SignedInPageAsync(waitingEmail, problems, "waiting");
        await using var _ = Chromium.ClosesAtEnd(waitingContext);
        var (seatedContext, seated) = await SignedInPageAsync(seatedEmail, problems, "seated");
        await using var __ = Chromium.ClosesAtEnd(seatedContext);
        await Chromium.RunJourneyAsync(waiting, problems, async () =>
        {
            // The class is full: the member joins the line, paying nothing.
            await waiting.GotoAsync($"/streams/{streamId}");
            await Assertions.Expect(waiting.GetByRole(AriaRole.Button, new() { Name = "Class full" })).ToBeDisabledAsync();
            await waiting.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();
            await Assertions.Expect(waiting.Locator("#waitlist-place")).ToContainTextAsync("You are number 1 on the waitlist");
            await Assertions.Expect(waiting.Locator("#token-balance")).ToContainTextAsync("10 tokens");
            await Screenshots.CaptureAsync(waiting, "class-page-on-the-waitlist");

            // The seated member cancels (confirming), which frees the seat.
            seated.Dialog += (_, dialog) => dialog.AcceptAsync();
            await seated.GotoAsync("/me/classes");
            await seated.Locator("li.my-class", new() { HasText = "Saturday bootcamp" }).GetByRole(AriaRole.Button, new() { Name = $"Cancel (refund {Price})" }).ClickAsync();
            await Assertions.Expect(seated.Locator("#flash")).ToContainTextAsync("is cancelled");

            // The seat is the waiting member's, paid now.
            await waiting.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(waiting, "**/me/classes");
            await Assertions.Expect(waiting.Locator("li.my-class", new() { HasText = "Saturday bootcamp" })).ToContainTextAsync("Cancel");
            await Assertions.Expect(waiting.Locator("#waitlist")).ToContainTextAsync($"A seat freed up in Saturday bootcamp and it is yours: you are enrolled ({Price} tokens paid).");
            await Assertions.Expect(waiting.Locator("#token-balance")).ToContainTextAsync($"{10 - Price} tokens");
            await Screenshots.CaptureAsync(waiting, "my-classes-seat-from-the-waitlist");

            var seats = await ReadAsync(db => db.Enrollments.AsNoTracking().Where(e => e.StreamId == streamId && e.Status == EnrollmentStatus.Active).ToListAsync());
            Assert.That(seats.Select(e => e.MemberId), Is.EqualTo(new[] { waitingId }));
            Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    [Test]
    public async Task An_instructor_schedules_a_weekly_series_in_one_form()
    {
        var email = $"coach-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(email, "Coach Series", Roles.Instructor);
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(email, problems, "instructor");
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/instructor/streams/new");
            await page.GetByLabel("Title").FillAsync("Tuesday pilates");
            await page.Locator("#StartLocal").FillAsync("2030-03-19T19:00");
            await page.GetByLabel("Duration (minutes)").FillAsync("50");
            await page.GetByLabel("Price (tokens)").FillAsync("4");
            await page.GetByLabel("Repeat weekly: number of classes").FillAsync("3");
            await Screenshots.CaptureAsync(page, "schedule-a-weekly-series");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

            await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("3 weekly classes of \"Tuesday pilates\" are scheduled; each can be edited or cancelled on its own.");
            await Assertions.Expect(page.Locator("#streams-table tbody tr", new() { HasText = "Tuesday pilates" })).ToHaveCountAsync(3);
            await Screenshots.CaptureAsync(page, "dashboard-weekly-series");
            var starts = await ReadAsync(db => db.Streams.AsNoTracking().Where(s => s.InstructorId == instructorId).OrderBy(s => s.ScheduledStart).Select(s => s.ScheduledStart).ToListAsync());
            Assert.That(starts, Is.EqualTo(new[]
            {
                new DateTimeOffset(2030, 3, 19, 18, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2030, 3, 26, 18, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2030, 4, 2, 17, 0, 0, TimeSpan.Zero), // 19:00 in Paris, now on summer time
            }));
            Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    /// <summary>A paid class with one seat, taken (and paid) by <paramref name="seatedId"/>, in three days.</summary>
    private async Task<Guid> FullClassAsync(string instructorId, string seatedId, string title)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Outdoor, bring water.", "HIIT", now.AddDays(3), 45, Price, 1, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        var ledger = scope.ServiceProvider.GetRequiredService<ITokenLedger>();
        var seat = Enrollment.Open(stream, seatedId, memberHoldsSeat: false, now);
        db.Enrollments.Add(seat);
        await db.SaveChangesAsync();
        var paid = await ledger.DeductAsync(new LedgerDeduction(seatedId, Price, $"Class: {title}", stream.Id, seat.PaymentKey), CancellationToken.None);
        seat.Activate(paid.TransactionId, now);
        await db.SaveChangesAsync();
        return stream.Id;
    }
}
