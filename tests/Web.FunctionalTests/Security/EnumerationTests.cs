using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Infrastructure.Identity;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// Login and sign-up answer the same way whether or not an account has the email: the same
/// messages, the same "locked" after the same number of failures, and the same work (a password
/// hash is checked for an unknown email too, so the answer takes as long).
/// </summary>
public class EnumerationTests : WebTestBase
{
    private const int LockoutAttempts = 3;
    private static readonly CountingHasher Hasher = new();

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Identity:Lockout:MaxFailedAttempts"] = LockoutAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private PageClient VisitorCountingHashes()
    {
        var client = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.Replace(ServiceDescriptor.Scoped<IPasswordHasher<ApplicationUser>>(_ => Hasher))))
            .CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return new PageClient(client);
    }

    [Test]
    public async Task An_unknown_email_costs_a_password_hash_like_a_wrong_password_for_a_real_account()
    {
        var email = UniqueEmail("real");
        using (var signUp = NewVisitor()) await RegisterAsync(signUp, email);
        using var visitor = VisitorCountingHashes();

        var before = Hasher.Verifications;
        var real = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, email, "wrong-password-1"));
        var forReal = Hasher.Verifications - before;
        before = Hasher.Verifications;
        var unknown = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, UniqueEmail("nobody"), "wrong-password-1"));
        var forUnknown = Hasher.Verifications - before;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(forReal, Is.EqualTo(1), "a real account's password is checked once");
            Assert.That(forUnknown, Is.EqualTo(forReal), "an unknown email costs the same hash");
            Assert.That(unknown.ValidationMessages, Is.EqualTo(real.ValidationMessages));
        }
    }

    [Test]
    public async Task An_unknown_email_is_locked_after_the_same_number_of_failures_as_a_real_account()
    {
        var email = UniqueEmail("real");
        using (var signUp = NewVisitor()) await RegisterAsync(signUp, email);
        var unknown = UniqueEmail("nobody");
        using var visitor = NewVisitor();

        var realMessages = new List<IReadOnlyList<string>>();
        var unknownMessages = new List<IReadOnlyList<string>>();
        for (var i = 1; i <= LockoutAttempts + 1; i++)
        {
            realMessages.Add((await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, email, $"wrong-{i}-password"))).ValidationMessages);
            unknownMessages.Add((await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, unknown, $"wrong-{i}-password"))).ValidationMessages);
        }

        Assert.That(unknownMessages, Is.EqualTo(realMessages));
        Assert.That(realMessages[^1].Single(), Does.StartWith("Too many failed attempts."));
    }

    [Test]
    public async Task Sign_up_with_a_taken_email_does_not_say_that_it_is_taken()
    {
        var email = UniqueEmail("taken");
        using (var first = NewVisitor()) await RegisterAsync(first, email);
        using var second = NewVisitor();
        var form = (await second.GetAsync("/account/register")).Form()
            .Set("DisplayName", "Someone").Set("Email", email).Set("Password", Password).Set("ConfirmPassword", Password);

        var page = await second.SubmitForPageAsync(form);

        Assert.That(page.Text, Does.Not.Contain("taken").And.Not.Contain("already"));
        Assert.That(page.FieldMessage("Email"), Does.Contain("cannot be created with this email"));
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
