using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Infrastructure.Identity;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// One app and one empty migrated database per fixture (taken in OneTimeSetUp, handed back in
/// OneTimeTearDown). Tests make their own accounts (unique emails) and never rely on each other.
/// </summary>
public abstract class WebTestBase
{
    public const string Password = "correct-horse-42";

    protected TestDatabase Database { get; private set; } = null!;

    protected StreamingWebFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAppAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new StreamingWebFactory(Database);
        Configure(Factory);
        Factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAppAsync()
    {
        if (Factory is not null) await Factory.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }

    /// <summary>Adds settings before the app starts (e.g. Seed:SuperAdmin:*).</summary>
    protected virtual void Configure(StreamingWebFactory factory)
    {
    }

    protected static string UniqueEmail(string prefix = "member") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>A new visitor with its own cookie jar; redirects are not followed.</summary>
    protected PageClient NewVisitor() =>
        new(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs up through the real form and returns the home page it lands on.</summary>
    protected static async Task<HtmlPage> RegisterAsync(PageClient visitor, string email, string password = Password, string displayName = "Test Member")
    {
        var form = (await visitor.GetAsync("/account/register")).FormPostingTo("/account/register");
        form.Set("DisplayName", displayName).Set("Email", email).Set("Password", password).Set("ConfirmPassword", password);
        var response = await visitor.SubmitAsync(form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new AssertionException($"Sign-up of {email} did not redirect: {await HtmlPage.ReadAsync(response)}");
        return await visitor.FollowRedirectAsync(response);
    }

    /// <summary>Fills and posts the login form; returns the raw answer (302 on success, 200 with messages otherwise).</summary>
    protected static async Task<HttpResponseMessage> SubmitLoginAsync(PageClient visitor, string email, string password, string loginUrl = "/account/login")
    {
        var form = (await visitor.GetAsync(loginUrl)).FormPostingTo("/account/login");
        form.Set("Email", email).Set("Password", password);
        return await visitor.SubmitAsync(form);
    }

    /// <summary>A signed-in member, made through the sign-up form.</summary>
    protected async Task<(PageClient Visitor, string Email)> SignedInMemberAsync(string prefix = "member")
    {
        var visitor = NewVisitor();
        var email = UniqueEmail(prefix);
        await RegisterAsync(visitor, email);
        return (visitor, email);
    }

    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    protected Task<ApplicationUser?> FindUserAsync(string email) =>
        InScopeAsync(sp => sp.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));

    protected Task<IList<string>> RolesOfAsync(string email) =>
        InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new AssertionException($"No account {email}.");
            return await users.GetRolesAsync(user);
        });
}
