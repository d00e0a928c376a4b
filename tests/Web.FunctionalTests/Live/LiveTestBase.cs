using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>Signed-in visitors whose cookies a SignalR client can reuse, and the live endpoints' requests.</summary>
public abstract class LiveTestBase : ClassesTestBase
{
    protected const string SampleOffer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
    protected const string SampleAnswer = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    protected sealed record User(PageClient Visitor, CookieContainer Cookies, string Email, string Id);

    /// <summary>Signs up through the form (as a member) and, for an instructor, promotes the account by code.</summary>
    protected async Task<User> SignUpAsync(bool instructor = false)
    {
        var cookies = new CookieContainer();
        var visitor = new PageClient(Factory.CreateDefaultClient(new CookieContainerHandler(cookies)));
        var email = UniqueEmail(instructor ? "coach" : "member");
        await RegisterAsync(visitor, email);
        if (instructor)
        {
            var form = (await visitor.GetAsync("/account/become-instructor")).Form();
            form.Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
            var response = await visitor.SubmitAsync(form);
            Assert.That((int)response.StatusCode, Is.EqualTo(302), await response.Content.ReadAsStringAsync());
        }

        return new User(visitor, cookies, email, await UserIdAsync(email));
    }

    protected async Task EnrollDirectlyAsync(Guid streamId, string memberId)
    {
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, Factory.Clock.Now);
            enrollment.Activate(stream.IsFree ? null : $"test-tx-{Guid.NewGuid():N}", Factory.Clock.Now);
            db.Enrollments.Add(enrollment);
            return await db.SaveChangesAsync();
        });
    }

    protected Task<LiveStream> StreamAsync(Guid id) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.AsNoTracking().SingleAsync(s => s.Id == id));

    protected static async Task<HttpResponseMessage> OfferAsync(User user, Guid streamId, string body = SampleOffer, string contentType = "application/sdp")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/live/{streamId}/whep")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.ParseAdd("application/sdp, application/problem+json");
        return await user.Visitor.Http.SendAsync(request);
    }

    /// <summary>POSTs to a JSON endpoint with the antiforgery token of <paramref name="tokenPage"/> in the header.</summary>
    protected static async Task<HttpResponseMessage> PostJsonAsync(User user, string url, string tokenPage)
    {
        var page = await user.Visitor.GetAsync(tokenPage);
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                    ?? throw new AssertionException($"{tokenPage} has no antiforgery token ({page.StatusCode}).");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await user.Visitor.Http.SendAsync(request);
    }
}
