using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Data.Seeding;

/// <summary>Start-up work: migrate, make sure the roles and the first super admin exist, seed the demo.</summary>
public sealed class DatabaseInitialiser(
    DatabaseMigrator migrator,
    Npgsql.NpgsqlDataSource dataSource,
    ApplicationDbContext db,
    RoleManager<IdentityRole> roles,
    Application.Common.Interfaces.IIdentityService identity,
    DemoDataSeeder demo,
    IOptions<SeedOptions> options,
    ILogger<DatabaseInitialiser> logger)
{
    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await migrator.MigrateAsync(cancellationToken);
        await SeedAsync(cancellationToken);
    }

    // Any constant shared by every instance of this app; spells "STRMSEED".
    private const long SeedLockKey = 0x5354524D53454544;

    /// <summary>
    /// Roles, the first super admin and the demo data. Instances starting together take turns
    /// (advisory lock), and each decides what is missing only once it holds the lock.
    /// </summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var seedLock = await AdvisoryLock.AcquireAsync(dataSource, SeedLockKey, cancellationToken);
        var databaseWasEmpty = !await db.Users.AnyAsync(cancellationToken);

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        await EnsureSuperAdminAsync(cancellationToken);

        // Never mix demo data into a database that already holds real data.
        if (options.Value.DemoData && databaseWasEmpty)
        {
            await demo.SeedAsync(cancellationToken);
        }
        else if (options.Value.DemoData)
        {
            logger.LogInformation("Demo data skipped: the database already has accounts");
        }
    }

    private async Task EnsureSuperAdminAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value.SuperAdmin;
        if (string.IsNullOrWhiteSpace(seed.Email) || string.IsNullOrWhiteSpace(seed.Password)) return;

        var superAdminRoleId = await db.Roles.Where(r => r.Name == Roles.SuperAdmin).Select(r => r.Id).SingleAsync(cancellationToken);
        if (await db.UserRoles.AnyAsync(ur => ur.RoleId == superAdminRoleId, cancellationToken)) return;

        var existing = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == seed.Email.ToUpperInvariant(), cancellationToken);
        var userId = existing?.Id;
        if (userId is null)
        {
            var (created, errors) = await identity.CreateUserAsync(seed.Email, seed.Password, seed.DisplayName, Roles.Member, cancellationToken);
            userId = created ?? throw new InvalidOperationException(
                $"Cannot create the super admin from Seed:SuperAdmin: {string.Join(" ", errors)}");
            // The operator wrote this address into the configuration: it needs no confirmation link.
            await db.Users.Where(u => u.Id == created).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true), cancellationToken);
        }

        await identity.AddToRoleAsync(userId, Roles.SuperAdmin);
        logger.LogInformation("Super admin {Email} is ready", seed.Email);
    }
}
