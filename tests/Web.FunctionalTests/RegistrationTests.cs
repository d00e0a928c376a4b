namespace Streaming.Web.FunctionalTests;

public class RegistrationTests : WebTestBase
{
    [Test]
    public async Task Signing_up_through_the_form_lands_on_the_home_page_signed_in()
    {
        using var visitor = NewVisitor();
        var email = UniqueEmail();

        var form = (await visitor.GetAsync("/account/register")).Form();
        Assert.That(form.AntiforgeryToken, Is.Not.Empty, "the form carries an antiforgery token");
        form.Set("DisplayName", "Ada Lovelace").Set("Email", email).Set("Password", Password).Set("ConfirmPassword", Password);
        var response = await visitor.SubmitAsync(form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/"));
        var home = await visitor.FollowRedirectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(home.AccountMenuName, Is.EqualTo("Ada Lovelace"), "the display name, not the email");
            Assert.That(home.Text, Does.Contain("Welcome! Your account is ready."));
            Assert.That(home.MenuItems, Does.Not.Contain("Log in"));
            Assert.That(await RolesOfAsync(email), Is.EquivalentTo(new[] { "Member" }));
        }

        // The cookie holds: a page that needs a signed-in user opens.
        var protectedPage = await visitor.GetAsync("/account/become-instructor");
        Assert.That(protectedPage.StatusCode, Is.EqualTo(HttpStatusCode.OK), protectedPage.ToString());
    }

    public static IEnumerable<TestCaseData> InvalidSignUps()
    {
        // An empty field's exact wording is pinned down by All_the_mistakes_at_once_are_shown_with_the_apps_own_messages.
        yield return new TestCaseData("", "{email}", Password, Password, "DisplayName", "").SetName("Empty name");
        yield return new TestCaseData("Bob", "not-an-email-{guid}", Password, Password, "Email", "Enter a valid email address.").SetName("Bad email");
        yield return new TestCaseData("Bob", "", Password, Password, "Email", "").SetName("Empty email");
        yield return new TestCaseData("Bob", "{email}", "abc1", "abc1", "Password", "The password must be at least 8 characters long.").SetName("Short password");
        yield return new TestCaseData("Bob", "{email}", "longbutnodigits", "longbutnodigits", "Password", "digit").SetName("Password without a digit (Identity rule)");
        yield return new TestCaseData("Bob", "{email}", Password, Password + "x", "ConfirmPassword", "The passwords do not match.").SetName("Mismatched confirmation");
    }

    [TestCaseSource(nameof(InvalidSignUps))]
    public async Task Invalid_sign_up_re_renders_the_form_with_the_message_and_creates_no_account(
        string displayName, string emailPattern, string password, string confirmation, string field, string message)
    {
        using var visitor = NewVisitor();
        var email = emailPattern.Replace("{email}", UniqueEmail(), StringComparison.Ordinal)
            .Replace("{guid}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

        var form = (await visitor.GetAsync("/account/register")).Form();
        form.Set("DisplayName", displayName).Set("Email", email).Set("Password", password).Set("ConfirmPassword", confirmation);
        var page = await visitor.SubmitForPageAsync(form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.FieldMessage(field), Is.Not.Empty.And.Contain(message), page.ToString());
            Assert.That(page.AccountMenuName, Is.Null, "not signed in");
            var again = page.Form();
            Assert.That(again["DisplayName"], Is.EqualTo(displayName), "the name is kept");
            Assert.That(again["Email"], Is.EqualTo(email), "the email is kept");
            Assert.That(again["Password"], Is.Empty, "the password is not sent back");
            Assert.That(again["ConfirmPassword"], Is.Empty);
            if (email.Length > 0) Assert.That(await FindUserAsync(email), Is.Null, "no account was created");
        }
    }

    /// <summary>
    /// SRC BUG: MVC's implicit [Required] for non-nullable strings fails model validation first, so
    /// SendFormAsync never runs the validator: the page says "The DisplayName field is required." and
    /// hides every other mistake. Fix: MvcOptions.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true.
    /// </summary>
    [Test]
    public async Task All_the_mistakes_at_once_are_shown_with_the_apps_own_messages()
    {
        using var visitor = NewVisitor();
        var form = (await visitor.GetAsync("/account/register")).Form();
        form.Set("DisplayName", "").Set("Email", "nope").Set("Password", "short").Set("ConfirmPassword", "other");
        var page = await visitor.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.ValidationMessages, Is.SupersetOf(new[]
        {
            "Enter your name.",
            "Enter a valid email address.",
            "The password must be at least 8 characters long.",
            "The passwords do not match.",
        }));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_taken_email_is_refused_with_a_message(bool differentCase)
    {
        var email = UniqueEmail("taken");
        using (var first = NewVisitor()) await RegisterAsync(first, email);

        using var second = NewVisitor();
        var form = (await second.GetAsync("/account/register")).Form();
        var again = differentCase ? email.ToUpperInvariant() : email;
        form.Set("DisplayName", "Someone Else").Set("Email", again).Set("Password", Password).Set("ConfirmPassword", Password);
        var page = await second.SubmitForPageAsync(form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            // Issue 9: worded so that it does not confirm that an account has this email.
            Assert.That(page.FieldMessage("Email"), Is.EqualTo("An account cannot be created with this email address. If it is yours, log in instead."), page.ToString());
            Assert.That(page.Text, Does.Not.Contain("taken"));
            Assert.That(page.AccountMenuName, Is.Null);
        }
    }
}
