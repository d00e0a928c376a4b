using Microsoft.AspNetCore.Identity;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Identity;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Identity;

/// <summary>IdentityService as the app wires it (AddInfrastructure), on PostgreSQL.</summary>
[Parallelizable(ParallelScope.Self)]
public class IdentityServiceTests
{
    private const string Email = "ana@example.com";
    private const string Password = "secret-pass-1";

    private readonly TestClock _clock = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task CreateTheServicesAndRoles()
    {
        _database = await TestDatabase.CreateAsync();
        _services = InfrastructureHost.Build(_database, _clock);
        await _services.SeedAsync(); // roles only: no Seed settings
    }

    [TearDown]
    public async Task DisposeEverything()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<(string? UserId, IReadOnlyList<string> Errors)> CreateAsync(
        string email = Email, string password = Password, string displayName = "Ana Member", string role = Roles.Member)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, password, displayName, role, CancellationToken.None);
    }

    private async Task<T> WithIdentityAsync<T>(Func<IIdentityService, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IIdentityService>());
    }

    private Task<(long Users, long Profiles, long UserRoles)> CountsAsync() => Db.ReadAsync(_database, async db =>
        ((long)await db.Users.CountAsync(), (long)await db.Profiles.CountAsync(), (long)await db.UserRoles.CountAsync()));

    [Test]
    public async Task CreateUser_WritesTheAccount_ItsRole_AndItsProfile()
    {
        var (userId, errors) = await CreateAsync();

        Assert.That(errors, Is.Empty);
        Assert.That(userId, Is.Not.Null);
        await using var db = Db.Context(_database);
        var user = await db.Users.SingleAsync();
        var profile = await db.Profiles.SingleAsync();
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(user.Id, Is.EqualTo(userId));
            Assert.That(user.Email, Is.EqualTo(Email));
            Assert.That(user.UserName, Is.EqualTo(Email));
            Assert.That(user.PasswordHash, Is.Not.Null.And.Not.EqualTo(Password));
            Assert.That(roles, Is.EqualTo(new[] { Roles.Member }));
            Assert.That(profile.Id, Is.EqualTo(userId));
            Assert.That(profile.DisplayName, Is.EqualTo("Ana Member"));
            Assert.That(profile.Email, Is.EqualTo(Email));
            Assert.That(profile.CreatedAt, Is.EqualTo(_clock.Now));
        }
    }

    [Test]
    public async Task CreateUser_ThePasswordWorksForSignIn()
    {
        var (userId, _) = await CreateAsync();

        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId!);

        Assert.That(await users.CheckPasswordAsync(user!, Password), Is.True);
        Assert.That(await users.CheckPasswordAsync(user!, "wrong-pass-1"), Is.False);
    }

    [TestCase("short1")]
    [TestCase("no-digits-here")]
    public async Task WeakPassword_ReturnsPasswordErrors_AndLeavesNoUserAndNoProfile(string weak)
    {
        var (userId, errors) = await CreateAsync(password: weak);

        Assert.That(userId, Is.Null);
        Assert.That(errors, Is.Not.Empty);
        // RegisterMember puts messages that mention the password on the Password field.
        Assert.That(errors, Has.All.Contains("password").IgnoreCase);
        Assert.That(await CountsAsync(), Is.EqualTo((0L, 0L, 0L)));
    }

    [TestCase(Email)]
    [TestCase("ANA@Example.com")]
    public async Task DuplicateEmail_ReturnsAnError_AndKeepsTheFirstAccountOnly(string again)
    {
        var (firstId, _) = await CreateAsync();

        var (userId, errors) = await CreateAsync(email: again, displayName: "Someone Else");

        Assert.That(userId, Is.Null);
        // Worded so that it does not confirm an account has this email (issue 9).
        Assert.That(errors, Is.EqualTo(new[] { IdentityService.EmailNotUsable }));
        Assert.That(errors, Has.None.Contains("password").IgnoreCase, "RegisterMember would put it on the wrong field");
        Assert.That(await CountsAsync(), Is.EqualTo((1L, 1L, 1L)));
        Assert.That(await Db.ReadAsync(_database, db => db.Profiles.Select(p => p.Id).SingleAsync()), Is.EqualTo(firstId));
    }

    [Test]
    public async Task ProfileRefusedByTheDomain_RollsBackTheAccountAndItsRole()
    {
        // The account and its role are written before the profile; a display name the domain
        // refuses fails after them, and nothing may remain.
        Assert.ThrowsAsync<DomainException>(() => CreateAsync(displayName: "   "));

        Assert.That(await CountsAsync(), Is.EqualTo((0L, 0L, 0L)));
    }

    [Test]
    public async Task UnknownRole_RollsBackTheAccount()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => CreateAsync(role: "Astronaut"));

        Assert.That(await CountsAsync(), Is.EqualTo((0L, 0L, 0L)));
    }

    [Test]
    public async Task AfterARolledBackAttempt_TheSameEmailCanRegister()
    {
        Assert.ThrowsAsync<DomainException>(() => CreateAsync(displayName: " "));

        var (userId, errors) = await CreateAsync();

        Assert.That(errors, Is.Empty);
        Assert.That(userId, Is.Not.Null);
    }

    [Test]
    public async Task AddToRole_IsIdempotent_AndGetRolesListsRolesInOrder()
    {
        var (userId, _) = await CreateAsync();
        var (otherId, _) = await CreateAsync(email: "ben@example.com");

        await WithIdentityAsync(async i => { await i.AddToRoleAsync(userId!, Roles.Instructor); return 0; });
        await WithIdentityAsync(async i => { await i.AddToRoleAsync(userId!, Roles.Instructor); return 0; });
        var roles = await WithIdentityAsync(i => i.GetRolesAsync([userId!, otherId!, "nobody"], CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(roles[userId!], Is.EqualTo(new[] { Roles.Instructor, Roles.Member }));
            Assert.That(roles[otherId!], Is.EqualTo(new[] { Roles.Member }));
            Assert.That(roles["nobody"], Is.Empty);
            Assert.That(await WithIdentityAsync(i => i.IsInRoleAsync(userId!, Roles.Instructor)), Is.True);
            Assert.That(await WithIdentityAsync(i => i.IsInRoleAsync(otherId!, Roles.Instructor)), Is.False);
        }
    }
}
