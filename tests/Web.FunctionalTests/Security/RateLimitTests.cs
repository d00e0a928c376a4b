using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// The rate limits, with small limits set through configuration (the other test fixtures switch
/// them off). Each client address comes from X-Forwarded-For (trusted here), so one fixture can
/// play several addresses.
/// </summary>
public class RateLimitTests : ClassesTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["RateLimiting:Enabled"] = "true";
        factory.Settings["Security:TrustedProxies:0"] = "127.0.0.1";
        foreach (var (policy, perIp, perAccount) in new[] { ("Login", 4, 3), ("SignUp", 3, 2), ("AccessCode", 5, 3), ("Enroll", 10, 3), ("WhepOffer", 10, 2) })
        {
            factory.Settings[$"RateLimiting:{policy}:PerIp"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            factory.Settings[$"RateLimiting:{policy}:PerAccount"] = perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            factory.Settings[$"RateLimiting:{policy}:Window"] = "01:00:00";
        }
    }

    private PageClient VisitorFrom(string address)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return new PageClient(client);
    }

    private static string NewAddress() => $"10.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    private static void AssertThrottledPage(HtmlPage page)
    {
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), page.ToString());
        var retryAfter = page.Response.Headers.RetryAfter?.Delta;
        Assert.That(retryAfter, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After says when");
        Assert.That(page.Text, Does.Contain("Too many attempts").And.Contain("Try again in"), "the page says when to retry");
    }

    [Test]
    public async Task Logins_from_one_address_are_refused_past_the_limit_while_other_addresses_still_get_in()
    {
        var email = UniqueEmail();
        using (var signUp = NewVisitor()) await RegisterAsync(signUp, email);
        using var attacker = VisitorFrom(NewAddress());
        for (var i = 0; i < 4; i++)
            Assert.That((await SubmitLoginAsync(attacker, UniqueEmail("guess"), "wrong-password-1")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var refused = await HtmlPage.ReadAsync(await SubmitLoginAsync(attacker, email, Password));

        AssertThrottledPage(refused);
        using var owner = VisitorFrom(NewAddress());
        Assert.That((await SubmitLoginAsync(owner, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect),
            "the account's owner, elsewhere, is not locked out by someone else's guessing");
    }

    [Test]
    public async Task Logins_to_one_account_are_refused_past_the_limit_from_any_address()
    {
        var email = UniqueEmail("target");
        for (var i = 0; i < 3; i++)
        {
            using var guesser = VisitorFrom(NewAddress());
            Assert.That((await SubmitLoginAsync(guesser, email, $"wrong-{i}-password")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var next = VisitorFrom(NewAddress());
        AssertThrottledPage(await HtmlPage.ReadAsync(await SubmitLoginAsync(next, email.ToUpperInvariant(), "wrong-9-password")));
        using var other = VisitorFrom(NewAddress());
        Assert.That((await SubmitLoginAsync(other, UniqueEmail("other"), "wrong-9-password")).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "another account is not affected");
    }

    [Test]
    public async Task Sign_ups_from_one_address_are_refused_past_the_limit()
    {
        using var bot = VisitorFrom(NewAddress());
        for (var i = 0; i < 3; i++)
        {
            var form = (await bot.GetAsync("/account/register")).Form();
            form.Set("DisplayName", "Bot").Set("Email", UniqueEmail("bot")).Set("Password", "x").Set("ConfirmPassword", "x");
            Assert.That((await bot.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var last = (await bot.GetAsync("/account/register")).Form();
        last.Set("DisplayName", "Bot").Set("Email", UniqueEmail("bot")).Set("Password", Password).Set("ConfirmPassword", Password);
        AssertThrottledPage(await bot.SubmitForPageAsync(last));
    }

    /// <summary>The case: 30 wrong access codes were accepted without delay, then the right one worked.</summary>
    [Test]
    public async Task Wrong_access_codes_are_throttled_per_account_and_then_even_the_right_code_waits()
    {
        using var member = VisitorFrom(NewAddress());
        var email = UniqueEmail();
        await RegisterAsync(member, email);
        for (var i = 0; i < 3; i++)
        {
            var form = (await member.GetAsync("/account/become-instructor")).Form().Set("AccessCode", $"guess-{i}");
            Assert.That((await member.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var right = (await member.GetAsync("/account/become-instructor")).Form().Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
        AssertThrottledPage(await member.SubmitForPageAsync(right));
        Assert.That(await RolesOfAsync(email), Is.EquivalentTo(new[] { "Member" }));
    }

    [Test]
    public async Task Enrolling_is_throttled_per_member()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 0);
        using var member = VisitorFrom(NewAddress());
        await RegisterAsync(member, UniqueEmail());
        var form = await EnrollFormAsync(member, stream.Id);
        for (var i = 0; i < 3; i++) Assert.That((await member.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        AssertThrottledPage(await member.SubmitForPageAsync(form));
    }

    [Test]
    public async Task Buying_a_replay_and_joining_a_waitlist_count_against_the_same_limit_as_enrolling()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 0);
        using var member = VisitorFrom(NewAddress());
        await RegisterAsync(member, UniqueEmail());
        var enroll = await EnrollFormAsync(member, stream.Id);
        var waitlist = (await EnrollFormAsync(member, stream.Id)).PostTo($"/streams/{stream.Id}/waitlist");
        var replay = (await EnrollFormAsync(member, stream.Id)).PostTo($"/streams/{stream.Id}/replay");
        foreach (var form in new[] { waitlist, replay, enroll })
            Assert.That((await member.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "refused with a message on the class page, not throttled");

        AssertThrottledPage(await member.SubmitForPageAsync(replay));
        AssertThrottledPage(await member.SubmitForPageAsync(waitlist));
    }

    /// <summary>Scripts (the WHEP player) get a problem body with the same Retry-After.</summary>
    [Test]
    public async Task A_throttled_WHEP_offer_gets_a_problem_body_with_Retry_After()
    {
        using var member = VisitorFrom(NewAddress());
        await RegisterAsync(member, UniqueEmail());
        HttpResponseMessage? response = null;
        for (var i = 0; i < 3; i++)
        {
            using var offer = new HttpRequestMessage(HttpMethod.Post, $"/live/{Guid.NewGuid()}/whep") { Content = new StringContent("v=0\r\nm=video\r\n") };
            offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            response = await member.Http.SendAsync(offer);
        }

        Assert.That(response!.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(429));
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain("Try again in"));
    }

    /// <summary>Trickled candidates share the offers' budget: each PATCH is relayed to the instructor's page.</summary>
    [Test]
    public async Task Trickled_candidates_share_the_WHEP_budget()
    {
        using var member = VisitorFrom(NewAddress());
        await RegisterAsync(member, UniqueEmail());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/live/{Guid.NewGuid()}/whep/{Guid.NewGuid()}")
            {
                Content = new StringContent("a=end-of-candidates\r\n"),
            };
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
            statuses.Add((await member.Http.SendAsync(patch)).StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }),
            "no such session twice (the account's 2 allowed), then throttled");
    }
}
