using System.Security.Claims;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// <see cref="WebTestBase"/> plus what the catalog, enrollment, token and calendar tests need:
/// instructors and classes seeded through the app's own services, tokens granted through the
/// ledger, and the few page questions (nav balance, flash messages) those tests ask.
/// </summary>
public abstract partial class ClassesTestBase : WebTestBase
{
    /// <summary>An instructor account with its profile (the way the app makes one), returning its id.</summary>
    protected async Task<string> InstructorAsync(string displayName = "Coach Test")
    {
        var email = UniqueEmail("coach");
        var (id, errors) = await InScopeAsync(sp => sp.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, Password, displayName, Roles.Instructor, CancellationToken.None));
        return id ?? throw new AssertionException(string.Join(" ", errors));
    }

    /// <summary>
    /// Schedules a class <paramref name="startsIn"/> from the test clock's now. <paramref name="state"/>
    /// moves it on (Live, Ended, Cancelled) before it is saved.
    /// </summary>
    protected async Task<LiveStream> ScheduleAsync(
        string instructorId,
        string? title = null,
        TimeSpan? startsIn = null,
        int price = 5,
        int? capacity = null,
        string description = "Bring a mat and water.",
        StreamStatus state = StreamStatus.Scheduled)
    {
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title ?? $"Class {Guid.NewGuid():N}", description, "Yoga",
            now + (startsIn ?? TimeSpan.FromDays(2)), 45, price, capacity, now);
        switch (state)
        {
            case StreamStatus.Live:
                stream.GoLive(now);
                break;
            case StreamStatus.Ended:
                stream.GoLive(now);
                stream.End(now, RetentionPolicy.Default);
                break;
            case StreamStatus.Cancelled:
                stream.Cancel(now);
                break;
        }

        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.Streams.Add(stream);
            return await db.SaveChangesAsync();
        });
        return stream;
    }

    /// <summary>Moves a stored class on (e.g. ends it after members enrolled).</summary>
    protected Task ChangeStreamAsync(Guid streamId, Action<LiveStream, DateTimeOffset> change) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            change(stream, Factory.Clock.Now);
            return await db.SaveChangesAsync();
        });

    protected async Task<string> UserIdAsync(string email) =>
        (await FindUserAsync(email))?.Id ?? throw new AssertionException($"No account {email}.");

    /// <summary>Grants tokens through the ledger (as the admin page does) and returns the new balance.</summary>
    protected async Task<int> GrantAsync(string email, int amount)
    {
        var memberId = await UserIdAsync(email);
        var result = await InScopeAsync(sp => sp.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Test grant", $"test-grant:{Guid.NewGuid():N}"), CancellationToken.None));
        Assert.That(result.Succeeded, Is.True, result.Message);
        return result.Balance ?? throw new AssertionException("The ledger did not say the balance.");
    }

    protected async Task<int> LedgerBalanceAsync(string email)
    {
        var memberId = await UserIdAsync(email);
        var balance = await InScopeAsync(sp => sp.GetRequiredService<ITokenLedger>().GetBalanceAsync(memberId, CancellationToken.None));
        return balance.Balance ?? throw new AssertionException(balance.Error ?? "The balance is unknown.");
    }

    protected async Task<IReadOnlyList<LedgerEntry>> LedgerHistoryAsync(string email)
    {
        var memberId = await UserIdAsync(email);
        return await InScopeAsync(sp => sp.GetRequiredService<ITokenLedger>().GetHistoryAsync(memberId, 500, CancellationToken.None));
    }

    protected async Task<IReadOnlyList<Enrollment>> EnrollmentsAsync(Guid streamId) =>
        await InScopeAsync<IReadOnlyList<Enrollment>>(async sp => await sp.GetRequiredService<ApplicationDbContext>()
            .Enrollments.AsNoTracking().Where(e => e.StreamId == streamId).ToListAsync());

    /// <summary>
    /// Sends <paramref name="request"/> through IMediator in a scope whose ICurrentUser is
    /// <paramref name="userId"/> (with <paramref name="roles"/>) — for actions that have no page yet.
    /// </summary>
    protected async Task<T> SendAsAsync<T>(string userId, IRequest<T> request, params string[] roles)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")),
            RequestServices = scope.ServiceProvider,
        };
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    /// <summary>The instructor cancels their class (there is no page for it yet): every paid seat is refunded.</summary>
    protected Task<CancelStreamResult> InstructorCancelsAsync(string instructorId, Guid streamId) =>
        SendAsAsync(instructorId, new CancelStreamCommand(streamId), Roles.Instructor);

    /// <summary>The balance shown in the navigation bar (#token-balance), or null when the page has none.</summary>
    protected static int? NavBalance(HtmlPage page)
    {
        var text = page.Document.QuerySelector("#token-balance")?.TextContent;
        if (text is null) return null;
        var match = FirstNumber().Match(text);
        return match.Success ? int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    protected static string? Flash(HtmlPage page) => Collapse(page.Document.QuerySelector("#flash")?.TextContent);

    protected static string? FlashError(HtmlPage page) => Collapse(page.Document.QuerySelector("#flash-error")?.TextContent);

    /// <summary>The class page's "Enroll" form.</summary>
    protected static async Task<HtmlForm> EnrollFormAsync(PageClient visitor, Guid streamId)
    {
        var page = await visitor.GetAsync($"/streams/{streamId}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page.Form("#enroll-form");
    }

    /// <summary>Clicks "Enroll" on the class page and returns the page the redirect lands on.</summary>
    protected static async Task<HtmlPage> EnrollAsync(PageClient visitor, Guid streamId)
    {
        var response = await visitor.SubmitAsync(await EnrollFormAsync(visitor, streamId));
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/streams/{streamId}"));
        return await visitor.FollowRedirectAsync(response);
    }

    /// <summary>A hand-made POST to <paramref name="path"/> carrying a valid antiforgery token (the log-out form re-aimed).</summary>
    protected static HtmlForm TokenFormPostingTo(HtmlPage page, string path) => page.FormPostingTo("/account/logout").PostTo(path);

    /// <summary>The rows of the /tokens history table as (kind, amount, what, what's link, balance after).</summary>
    protected static IReadOnlyList<HistoryRow> HistoryRows(HtmlPage page) =>
        page.Document.QuerySelectorAll("#history tbody tr").OfType<IHtmlTableRowElement>()
            .Select(r => new HistoryRow(
                Collapse(r.Cells[1].TextContent)!,
                Collapse(r.Cells[3].TextContent)!,
                Collapse(r.Cells[2].TextContent)!,
                r.Cells[2].QuerySelector("a")?.GetAttribute("href"),
                Collapse(r.Cells[4].TextContent)!,
                r.Cells[0].QuerySelector("time")?.GetAttribute("datetime")))
            .ToList();

    protected static string? Collapse(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex FirstNumber();

    protected sealed record HistoryRow(string Kind, string Amount, string What, string? Link, string BalanceAfter, string? Date);
}
