using Microsoft.AspNetCore.Identity;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.Identity;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Seeding;

[Parallelizable(ParallelScope.Self)]
public class DatabaseInitialiserTests
{
    private const string AdminEmail = "root@example.com";
    private const string AdminPassword = "admin-pass-1";

    private static readonly Dictionary<string, string?> DemoData = new() { ["Seed:DemoData"] = "true" };

    private static readonly Dictionary<string, string?> SuperAdmin = new()
    {
        ["Seed:SuperAdmin:Email"] = AdminEmail,
        ["Seed:SuperAdmin:Password"] = AdminPassword,
    };

    private readonly TestClock _clock = new();
    private readonly List<ServiceProvider> _providers = [];
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAMigratedDatabase() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DisposeEverything()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _database.DisposeAsync();
    }

    private ServiceProvider Services(params Dictionary<string, string?>[] settings)
    {
        var provider = InfrastructureHost.Build(_database, _clock, settings.SelectMany(s => s).ToDictionary(kv => kv.Key, kv => kv.Value));
        _providers.Add(provider);
        return provider;
    }

    private sealed record Snapshot(long Users, long Profiles, long Roles, long UserRoles, long Streams, long Enrollments);

    private Task<Snapshot> SnapshotAsync() => Db.ReadAsync(_database, async db => new Snapshot(
        await db.Users.LongCountAsync(), await db.Profiles.LongCountAsync(), await db.Roles.LongCountAsync(),
        await db.UserRoles.LongCountAsync(), await db.Streams.LongCountAsync(), await db.Enrollments.LongCountAsync()));

    private async Task<IReadOnlyList<string>> RolesOfAsync(string email) => await Db.ReadAsync(_database, db => (
            from user in db.Users
            where user.NormalizedEmail == email.ToUpperInvariant()
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            orderby role.Name
            select role.Name!)
        .ToListAsync());

    private Task<List<string>> SuperAdminEmailsAsync() => Db.ReadAsync(_database, db => (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where role.Name == Roles.SuperAdmin
            select user.Email!)
        .ToListAsync());

    // Roles

    [Test]
    public async Task Seed_CreatesEveryRole_AndNothingElseByDefault()
    {
        await Services().SeedAsync();

        var roles = await Db.ReadAsync(_database, db => db.Roles.Select(r => r.Name).ToListAsync());
        Assert.That(roles, Is.EquivalentTo(Roles.All));
        Assert.That(await SnapshotAsync(), Is.EqualTo(new Snapshot(0, 0, Roles.All.Count, 0, 0, 0)));
    }

    [Test]
    public async Task Initialise_OnAnEmptyDatabase_MigratesAndSeeds()
    {
        await using var empty = await TestDatabase.CreateAsync(migrate: false);
        await using var services = InfrastructureHost.Build(empty, _clock, DemoData);

        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();

        var users = await Db.ReadAsync(empty, db => db.Users.Select(u => u.Email!).ToListAsync());
        Assert.That(users, Is.EquivalentTo(DemoDataSeeder.AllEmails));
    }

    // Demo data

    [Test]
    public async Task DemoData_OnAnEmptyDatabase_CreatesTheDemoAccountsWithTheirRoles()
    {
        await Services(DemoData).SeedAsync();

        foreach (var (email, displayName, role) in DemoDataSeeder.Accounts)
        {
            var profile = await Db.ReadAsync(_database, db => db.Profiles.SingleOrDefaultAsync(p => p.Email == email));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(profile?.DisplayName, Is.EqualTo(displayName), email);
                Assert.That(await RolesOfAsync(email), Does.Contain(Roles.Member).And.Contain(role), email);
            }
        }
    }

    [Test]
    public async Task DemoData_AccountsSignInWithTheDemoPassword()
    {
        var services = Services(DemoData);
        await services.SeedAsync();

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var (email, _, _) in DemoDataSeeder.Accounts)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.That(user is not null && await users.CheckPasswordAsync(user, DemoDataSeeder.Password), Is.True, email);
        }
    }

    [Test]
    public async Task DemoData_HasClassesInEveryStatus()
    {
        await Services(DemoData).SeedAsync();

        var statuses = await Db.ReadAsync(_database, db => db.Streams.Select(s => s.Status).Distinct().ToListAsync());
        Assert.That(statuses, Is.EquivalentTo(Enum.GetValues<StreamStatus>()));
    }

    [Test]
    public async Task DemoData_EndedClasses_KeepTheirRecordingForSevenDays()
    {
        await Services(DemoData).SeedAsync();

        var ended = await Db.ReadAsync(_database, db => db.Streams.Where(s => s.Status == StreamStatus.Ended).ToListAsync());
        Assert.That(ended, Is.Not.Empty);
        foreach (var stream in ended)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(stream.EndedAt, Is.Not.Null, stream.Title);
                Assert.That(stream.RecordingExpiresAt, Is.EqualTo(stream.EndedAt!.Value.AddDays(7)), stream.Title);
                Assert.That(stream.MigrationScheduledAt, Is.EqualTo(stream.EndedAt!.Value.AddMonths(2)), stream.Title);
            }
        }
    }

    [Test]
    public async Task DemoData_IsRelativeToTheClock()
    {
        await Services(DemoData).SeedAsync();

        var streams = await Db.ReadAsync(_database, db => db.Streams.ToListAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(streams.Where(s => s.Status == StreamStatus.Scheduled).Select(s => s.ScheduledStart), Has.All.GreaterThan(_clock.Now));
            Assert.That(streams.Where(s => s.Status == StreamStatus.Live).Select(s => s.StartedAt), Has.All.LessThanOrEqualTo(_clock.Now));
            Assert.That(streams.Where(s => s.Status == StreamStatus.Ended).Select(s => s.EndedAt), Has.All.LessThan(_clock.Now));
        }
    }

    [Test]
    public async Task DemoData_SeatCountsMatchTheEnrollments()
    {
        await Services(DemoData).SeedAsync();

        var mismatches = await Db.ReadAsync(_database, db => db.Streams
            .Select(s => new
            {
                s.Title,
                s.SeatsTaken,
                Holding = db.Enrollments.Count(e => e.StreamId == s.Id && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active)),
            })
            .Where(x => x.SeatsTaken != x.Holding)
            .ToListAsync());
        Assert.That(mismatches, Is.Empty);
        Assert.That(await Db.CountAsync(_database, "enrollments"), Is.GreaterThan(0));
    }

    /// <summary>With the external ledger no paid seat is seeded, and no seat is counted without its enrollment.</summary>
    [Test]
    public async Task DemoData_WithTheExternalTokenLedger_SeatCountsStillMatchTheEnrollments()
    {
        // With Tokens:Provider=Http the seeder makes no paid enrollments (and calls no backend).
        var externalLedger = new Dictionary<string, string?>
        {
            ["Tokens:Provider"] = "Http",
            ["Tokens:Http:BaseUrl"] = "http://127.0.0.1:9/",
        };
        await Services(DemoData, externalLedger).SeedAsync();

        var mismatches = await Db.ReadAsync(_database, db => db.Streams
            .Select(s => new
            {
                s.Title,
                s.SeatsTaken,
                Holding = db.Enrollments.Count(e => e.StreamId == s.Id && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active)),
            })
            .Where(x => x.SeatsTaken != x.Holding)
            .Select(x => $"{x.Title}: seats_taken {x.SeatsTaken}, enrollments holding a seat {x.Holding}")
            .ToListAsync());
        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task DemoData_SeedingAgain_AddsNothing()
    {
        await Services(DemoData).SeedAsync();
        var before = await SnapshotAsync();

        await Services(DemoData).SeedAsync();

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task DemoData_IsNotSeeded_IntoADatabaseThatAlreadyHasAnAccount()
    {
        await Db.AddAccountAsync(_database, "real.user@example.com", _clock.Now);

        await Services(DemoData).SeedAsync();

        var snapshot = await SnapshotAsync();
        Assert.That(snapshot, Is.EqualTo(new Snapshot(Users: 1, Profiles: 1, Roles: Roles.All.Count, UserRoles: 0, Streams: 0, Enrollments: 0)));
    }

    [Test]
    public async Task DemoData_IsNotSeeded_AfterRealAccountsRegistered()
    {
        var services = Services();
        await services.SeedAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IIdentityService>()
                .CreateUserAsync("real.user@example.com", "secret-pass-1", "Real User", Roles.Member, CancellationToken.None);
        }

        await Services(DemoData).SeedAsync();

        Assert.That(await Db.ReadAsync(_database, db => db.Users.Select(u => u.Email).ToListAsync()), Is.EqualTo(new[] { "real.user@example.com" }));
    }

    // Super admin

    [Test]
    public async Task SuperAdmin_IsCreatedFromSettings_AsAMemberAndSuperAdmin()
    {
        await Services(SuperAdmin).SeedAsync();

        Assert.That(await RolesOfAsync(AdminEmail), Is.EqualTo(new[] { Roles.Member, Roles.SuperAdmin }));
        var profile = await Db.ReadAsync(_database, db => db.Profiles.SingleAsync());
        Assert.That(profile.DisplayName, Is.EqualTo("Super Admin"));
    }

    [Test]
    public async Task SuperAdmin_IsCreatedOnlyOnce()
    {
        await Services(SuperAdmin).SeedAsync();
        var before = await SnapshotAsync();

        await Services(SuperAdmin).SeedAsync();

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await SuperAdminEmailsAsync(), Is.EqualTo(new[] { AdminEmail }));
    }

    [Test]
    public async Task SuperAdmin_IsNotAddedWhenOneExists_EvenWithOtherSettings()
    {
        await Services(SuperAdmin).SeedAsync();

        await Services(new Dictionary<string, string?>
        {
            ["Seed:SuperAdmin:Email"] = "someone.else@example.com",
            ["Seed:SuperAdmin:Password"] = AdminPassword,
        }).SeedAsync();

        Assert.That(await SuperAdminEmailsAsync(), Is.EqualTo(new[] { AdminEmail }));
        Assert.That(await Db.ReadAsync(_database, db => db.Users.CountAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task SuperAdmin_WithTheEmailOfAnExistingAccount_PromotesThatAccount()
    {
        var services = Services();
        await services.SeedAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IIdentityService>()
                .CreateUserAsync(AdminEmail, "members-pass-1", "Already Here", Roles.Member, CancellationToken.None);
        }

        await Services(SuperAdmin).SeedAsync();

        Assert.That(await Db.ReadAsync(_database, db => db.Users.CountAsync()), Is.EqualTo(1));
        Assert.That(await RolesOfAsync(AdminEmail), Is.EqualTo(new[] { Roles.Member, Roles.SuperAdmin }));
    }

    [Test]
    public async Task SuperAdmin_WithAWeakPassword_FailsLoudly_AndLeavesNoAccount()
    {
        var services = Services(new Dictionary<string, string?>
        {
            ["Seed:SuperAdmin:Email"] = AdminEmail,
            ["Seed:SuperAdmin:Password"] = "weak",
        });

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => services.SeedAsync());

        Assert.That(failure.Message, Does.Contain("Seed:SuperAdmin"));
        Assert.That(await Db.ReadAsync(_database, db => db.Users.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task SuperAdminAndDemoData_OnAnEmptyDatabase_AreBothSeeded()
    {
        await Services(SuperAdmin, DemoData).SeedAsync();

        var emails = await Db.ReadAsync(_database, db => db.Users.Select(u => u.Email!).ToListAsync());
        Assert.That(emails, Is.EquivalentTo(DemoDataSeeder.AllEmails.Append(AdminEmail)));
        Assert.That(await SuperAdminEmailsAsync(), Is.EqualTo(new[] { AdminEmail }));
    }
}
