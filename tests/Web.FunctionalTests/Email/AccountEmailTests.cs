using Streaming.Domain.Notifications;

namespace Streaming.Web.FunctionalTests.Email;

/// <summary>Confirming the address, forgot/reset password and changing the address, through the pages and the mail they send.</summary>
public class AccountEmailTests : EmailTestBase
{
    private static async Task<HtmlPage> ForgotPasswordAsync(PageClient visitor, string email)
    {
        var form = (await visitor.GetAsync("/account/forgot-password")).Form("#forgot-password");
        return await visitor.SubmitForPageAsync(form.Set("Email", email));
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        await ForgotPasswordAsync(NewVisitor(), email);
        await RunOutboxAsync();
        return LinkTo(MailTo(email).Last(m => m.Message.Subject == "Reset your password"), "/account/reset-password");
    }

    private static async Task<HttpResponseMessage> ResetAsync(PageClient visitor, string link, string password)
    {
        var form = (await visitor.GetAsync(link)).Form("#reset-password");
        return await visitor.SubmitAsync(form.Set("Password", password).Set("ConfirmPassword", password));
    }

    [Test]
    public async Task SigningUp_SendsAConfirmationLink_TheBannerShowsUntilItIsFollowed()
    {
        var visitor = NewVisitor();
        var email = UniqueEmail();
        var home = await RegisterAsync(visitor, email);
        Assert.That(home.Document.QuerySelector("#confirm-email-banner"), Is.Not.Null, "signed in, asked to confirm");

        await RunOutboxAsync();
        var mail = MailTo(email).Single();
        Assert.That(mail.Message.Subject, Is.EqualTo("Confirm your email address"));
        Assert.That(mail.Message.Headers.Contains("List-Unsubscribe"), Is.False, "account mail cannot be unsubscribed");
        var link = LinkTo(mail, "/account/confirm-email");

        var tampered = await visitor.GetAsync(link.Replace("code=", "code=x"));
        var confirmed = await visitor.Http.GetAsync(link);
        var after = await visitor.FollowRedirectAsync(confirmed);

        Assert.Multiple(() =>
        {
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(tampered.Document.QuerySelector("#link-invalid"), Is.Not.Null);
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(Flash(after), Is.EqualTo("Thank you: your email address is confirmed."));
            Assert.That(after.Document.QuerySelector("#confirm-email-banner"), Is.Null, "the cookie was refreshed");
        });
    }

    [Test]
    public async Task ResendingTheConfirmation_FiveTimes_QueuesOneMoreEmail()
    {
        var (visitor, email) = await SignedInMemberAsync();
        var page = await visitor.GetAsync("/");
        for (var i = 0; i < 5; i++) await visitor.SubmitAsync(page.FormPostingTo("/account/resend-confirmation"));

        var confirmations = (await OutboxAsync(await UserIdAsync(email))).Where(e => e.Kind == EmailKind.ConfirmEmail).ToList();
        Assert.That(confirmations, Has.Count.EqualTo(1), "the one from sign-up is still waiting: no second");
    }

    [Test]
    public async Task ForgotPassword_AnswersTheSameForKnownAndUnknownAddresses_AndOnlyTheAccountGetsMail()
    {
        var (_, known) = await SignedInMemberAsync();
        var unknown = UniqueEmail("nobody");

        var knownPage = await ForgotPasswordAsync(NewVisitor(), known);
        var unknownPage = await ForgotPasswordAsync(NewVisitor(), unknown);
        await RunOutboxAsync();

        Assert.Multiple(() =>
        {
            Assert.That(knownPage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(unknownPage.StatusCode, Is.EqualTo(knownPage.StatusCode));
            Assert.That(unknownPage.Text.Replace(unknown, "ADDRESS"), Is.EqualTo(knownPage.Text.Replace(known, "ADDRESS")), "not a word of difference");
            Assert.That(MailTo(known).Count(m => m.Message.Subject == "Reset your password"), Is.EqualTo(1));
            Assert.That(MailTo(unknown), Is.Empty);
        });
    }

    [Test]
    public async Task ForgotPassword_WithoutAnAddress_SaysSo()
    {
        var page = await ForgotPasswordAsync(NewVisitor(), "not an address");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.FieldMessage("Email"), Is.EqualTo("Enter a valid email address."));
    }

    [Test]
    public async Task TheResetLink_SetsANewPassword_Once()
    {
        var (_, email) = await SignedInMemberAsync();
        var link = await ResetLinkAsync(email);

        var reset = await ResetAsync(NewVisitor(), link, "brand-new-pass-7");
        var reused = await ResetAsync(NewVisitor(), link, "another-pass-8");
        var reusedPage = await HtmlPage.ReadAsync(reused);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(PageClient.RedirectTarget(reset).AbsolutePath, Is.EqualTo("/account/login"));
            Assert.That((await SubmitLoginAsync(NewVisitor(), email, "brand-new-pass-7")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the new password works");
            Assert.That((await SubmitLoginAsync(NewVisitor(), email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old one does not");
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(reusedPage.ValidationMessages, Does.Contain("This link is not valid any more: it was used already, it expired, or it was changed. Ask for a new one."));
            Assert.That((await SubmitLoginAsync(NewVisitor(), email, "another-pass-8")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a used link changes nothing");
        });
    }

    [Test]
    public async Task TheResetLink_ExpiresAfterAnHour()
    {
        var (_, email) = await SignedInMemberAsync();
        var link = await ResetLinkAsync(email);

        Factory.Clock.Advance(TimeSpan.FromMinutes(61));
        var page = await HtmlPage.ReadAsync(await ResetAsync(NewVisitor(), link, "too-late-pass-9"));

        Assert.That(page.ValidationMessages, Does.Contain("This link is not valid any more: it was used already, it expired, or it was changed. Ask for a new one."));
        Assert.That((await SubmitLoginAsync(NewVisitor(), email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the password is unchanged");
    }

    [Test]
    public async Task ChangingTheAddress_SendsALinkToTheNewAddress_AndTheAccountMovesWhenItIsFollowed()
    {
        var (visitor, email) = await SignedInMemberAsync();
        var newEmail = UniqueEmail("moved");
        var (_, taken) = await SignedInMemberAsync("taken");

        var takenPage = await visitor.SubmitForPageAsync((await visitor.GetAsync("/account/email")).Form("#change-email").Set("NewEmail", taken));
        var requested = await visitor.SubmitAsync((await visitor.GetAsync("/account/email")).Form("#change-email").Set("NewEmail", newEmail));
        var pending = await visitor.FollowRedirectAsync(requested);
        await RunOutboxAsync();
        var link = LinkTo(MailTo(newEmail).Single(m => m.Message.Subject == "Confirm your new email address"), "/account/confirm-email-change");
        var followed = await visitor.Http.GetAsync(link);
        var after = await visitor.FollowRedirectAsync(followed);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(takenPage.FieldMessage("NewEmail"), Is.EqualTo("Another account uses this address."));
            Assert.That(pending.Document.QuerySelector("#pending-change")?.TextContent, Does.Contain(newEmail));
            Assert.That(after.Document.QuerySelector("#current-email")?.TextContent, Does.Contain(newEmail));
            Assert.That((await SubmitLoginAsync(NewVisitor(), newEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await SubmitLoginAsync(NewVisitor(), email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old address no longer signs in");
        });
    }
}

/// <summary>"Forgot password" is rate-limited like log-in (the other fixtures switch the limits off).</summary>
public class PasswordResetLimitTests : WebTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["RateLimiting:Enabled"] = "true";
        factory.Settings["RateLimiting:ForgotPassword:PerIp"] = "10";
        factory.Settings["RateLimiting:ForgotPassword:PerAccount"] = "3";
        factory.Settings["RateLimiting:ForgotPassword:Window"] = "01:00:00";
    }

    [Test]
    public async Task TheFourthRequestForOneAddress_GetsTooManyAttempts()
    {
        var visitor = NewVisitor();
        var form = (await visitor.GetAsync("/account/forgot-password")).Form("#forgot-password").Set("Email", UniqueEmail());
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) answers.Add((await visitor.SubmitAsync(form)).StatusCode);
        var limited = await HtmlPage.ReadAsync(await visitor.SubmitAsync(form));

        Assert.That(answers, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero));
        Assert.That(limited.Text, Does.Contain("Too many attempts"));
    }
}
