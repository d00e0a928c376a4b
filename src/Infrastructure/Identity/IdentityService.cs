using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Identity;

public sealed class IdentityService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    TimeProvider clock) : IIdentityService
{
    public async Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, CancellationToken cancellationToken)
    {
        // Account, role and profile land together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new ApplicationUser { UserName = email, Email = email };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two sign-ups with the same email at the same moment: the unique index decides.
            return (null, [users.ErrorDescriber.DuplicateEmail(email).Description]);
        }

        if (!created.Succeeded) return (null, created.Errors.Select(e => e.Description).ToList());

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) return (null, inRole.Errors.Select(e => e.Description).ToList());

        db.Profiles.Add(new UserProfile(user.Id, displayName, email, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user.Id, []);
    }

    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var result = await signIn.PasswordSignInAsync(email, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return SignInOutcome.Succeeded;
        return result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task SignInAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId}.");
        await signIn.SignInAsync(user, isPersistent: false);
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    public async Task<bool> IsInRoleAsync(string userId, string role) =>
        await users.FindByIdAsync(userId) is { } user && await users.IsInRoleAsync(user, role);

    public async Task AddToRoleAsync(string userId, string role)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId}.");
        if (await users.IsInRoleAsync(user, role)) return;
        var result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    public async Task RefreshSignInAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is { } user) await signIn.RefreshSignInAsync(user);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetRolesAsync(
        IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.ToList();
        var pairs = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where ids.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken);
        return ids.ToDictionary(
            id => id,
            id => (IReadOnlyList<string>)pairs.Where(p => p.UserId == id).Select(p => p.Name!).Order().ToList());
    }
}
