using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Identity;

public sealed class IdentityService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    IDistributedCache unknownEmails,
    TimeProvider clock) : IIdentityService
{
    /// <summary>The one message for an email that cannot be used, whether or not an account has it.</summary>
    public const string EmailNotUsable =
        "An account cannot be created with this email address. If it is yours, log in instead.";

    // A real hash of a random password, made once: checking a password against it costs what
    // checking a real account's does, so the answer for an unknown email takes as long.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N")));

    public Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, CancellationToken cancellationToken) =>
        CreateUserAsync(email, password, displayName, role, _ => { }, cancellationToken);

    public async Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, Action<string> inSameTransaction, CancellationToken cancellationToken)
    {
        // Account, role and profile land together or not at all.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var user = new ApplicationUser { UserName = email, Email = email };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two sign-ups with the same email at the same moment: the unique index decides.
            return (null, [EmailNotUsable]);
        }

        // Never "already taken": that would tell anyone which emails have accounts.
        if (!created.Succeeded) return (null, created.Errors.Select(Describe).Distinct().ToList());

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) return (null, inRole.Errors.Select(e => e.Description).ToList());

        db.Profiles.Add(new UserProfile(user.Id, displayName, email, clock.GetUtcNow()));
        inSameTransaction(user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user.Id, []);
    }

    private string Describe(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)
            or nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName)
            ? EmailNotUsable
            : error.Description;

    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null || user.PasswordHash is null) return await UnknownAccountSignInAsync(email, password);

        // Identity answers "locked out" before it looks at the password; a disabled account answers
        // so only to its right password, so the answer tells a stranger nothing about the address.
        if (IsDisabled(user))
            return await users.CheckPasswordAsync(user, password) ? SignInOutcome.Disabled : SignInOutcome.Failed;

        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return SignInOutcome.Succeeded;
        if (result.RequiresTwoFactor) return SignInOutcome.RequiresTwoFactor;
        return result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    /// <summary>
    /// No such account: hash the password anyway and count the failures as Identity counts a real
    /// account's, so that neither the time nor a "locked" answer tells the two apart. The count is in
    /// the distributed cache (Redis with several instances), so every instance counts the same
    /// failures; it lapses one lock-out period after the last failure, as a real lock-out ends.
    /// </summary>
    private async Task<SignInOutcome> UnknownAccountSignInAsync(string email, string password)
    {
        var key = "unknown-login:" + users.NormalizeName(email);
        var lockout = signIn.Options.Lockout;
        var failures = int.TryParse(await unknownEmails.GetStringAsync(key), NumberStyles.None, CultureInfo.InvariantCulture, out var counted) ? counted : 0;
        if (failures >= lockout.MaxFailedAccessAttempts) return SignInOutcome.LockedOut;

        users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash.Value, password);
        failures++;
        await unknownEmails.SetStringAsync(key, failures.ToString(CultureInfo.InvariantCulture),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lockout.DefaultLockoutTimeSpan });
        return failures >= lockout.MaxFailedAccessAttempts ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task<SignInOutcome> TwoFactorSignInAsync(string code, bool isRecoveryCode, bool rememberMe)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal);
        // Recovery codes are stored as XXXXX-XXXXX; people may type them without the dash.
        if (isRecoveryCode && code.Length == 10 && !code.Contains('-', StringComparison.Ordinal)) code = $"{code[..5]}-{code[5..]}";
        var result = isRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant())
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, rememberMe, rememberClient: false);
        if (result.Succeeded) return SignInOutcome.Succeeded;
        return result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task<bool> HasPendingTwoFactorAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() is not null;

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
        // The account row changes with it, so the member's own session picks up the role on its
        // next request (SessionCookieEvents) — no sign-out needed.
        var result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    public async Task RemoveFromRoleAsync(string userId, string role)
    {
        var user = await FindAsync(userId);
        if (!await users.IsInRoleAsync(user, role)) return;
        var result = await users.RemoveFromRoleAsync(user, role);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>
    /// A disabled account is Identity's lock-out with no end (an end far beyond any lock-out after
    /// wrong passwords), so every sign-in path Identity guards — password, two-factor, Apple/Google — refuses it.
    /// </summary>
    private static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    private bool IsDisabled(ApplicationUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow().AddYears(100);

    public async Task<AccountLockState> GetLockStateAsync(string userId)
    {
        var user = await FindAsync(userId);
        if (IsDisabled(user)) return new AccountLockState(true, null, user.AccessFailedCount);
        // Identity's own answer, on Identity's clock: the page says "locked" exactly when sign-in does.
        var lockedUntil = await users.IsLockedOutAsync(user) ? user.LockoutEnd : null;
        return new AccountLockState(false, lockedUntil, user.AccessFailedCount);
    }

    public async Task UnlockAsync(string userId)
    {
        var user = await FindAsync(userId);
        if (IsDisabled(user)) throw new Domain.Common.DomainException("The account is disabled, not locked: enable it instead.");
        await ClearLockoutAsync(user);
    }

    public async Task DisableAsync(string userId)
    {
        var user = await FindAsync(userId);
        user.LockoutEnabled = true;
        user.LockoutEnd = DisabledUntil;
        // A new stamp as well as revoked sessions: a cookie that is somehow not in the session table is refused too.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await RevokeSessionsAsync(userId, except: null);
    }

    public async Task EnableAsync(string userId)
    {
        var user = await FindAsync(userId);
        if (!IsDisabled(user)) throw new Domain.Common.DomainException("The account is not disabled.");
        await ClearLockoutAsync(user);
    }

    private async Task ClearLockoutAsync(ApplicationUser user)
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var result = await users.UpdateAsync(user);
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

    public async Task<SecurityOverview> GetSecurityOverviewAsync(string userId)
    {
        var user = await FindAsync(userId);
        var sessions = await db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null);
        return new SecurityOverview(user.Email ?? "", user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user), sessions, user.PasswordHash is not null);
    }

    public async Task<bool> CheckPasswordAsync(string userId, string password) =>
        await users.FindByIdAsync(userId) is { } user && await users.CheckPasswordAsync(user, password);

    public async Task<IReadOnlyList<string>> ChangePasswordAsync(string userId, string currentPassword, string newPassword)
    {
        var user = await FindAsync(userId);
        // Changes the security stamp: every other cookie of the account is refused from now on.
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                ? Application.Account.Commands.ChangePassword.ChangePasswordHandler.WrongPassword
                : e.Description).ToList();
        }

        await RevokeSessionsAsync(userId, except: CurrentSessionId());
        await KeepThisSessionAsync(user);
        return [];
    }

    public async Task SignOutEverywhereAsync(string userId)
    {
        var user = await FindAsync(userId);
        await RevokeSessionsAsync(userId, except: null);
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }

    public async Task<AuthenticatorSetup> GetAuthenticatorSetupAsync(string userId, string issuer)
    {
        var user = await FindAsync(userId);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
            await KeepThisSessionAsync(user);
        }

        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        var label = Uri.EscapeDataString($"{issuer}:{user.Email}");
        return new AuthenticatorSetup(grouped.ToString().TrimEnd().ToLowerInvariant(),
            $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6");
    }

    public async Task<IReadOnlyList<string>?> EnableTwoFactorAsync(string userId, string code)
    {
        var user = await FindAsync(userId);
        code = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)) return null;
        // A new security stamp: other sessions (signed in with the password alone) end.
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await KeepThisSessionAsync(user);
        return codes;
    }

    public async Task DisableTwoFactorAsync(string userId)
    {
        var user = await FindAsync(userId);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await KeepThisSessionAsync(user);
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(string userId)
    {
        var user = await FindAsync(userId);
        if (!user.TwoFactorEnabled) throw new Domain.Common.DomainException("Turn on two-factor sign-in first.");
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await KeepThisSessionAsync(user);
        return codes;
    }

    public async Task AnonymiseAsync(string userId)
    {
        var user = await FindAsync(userId);
        await RevokeSessionsAsync(userId, except: null);
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync();
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync();
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync();
        await db.LedgerIdentities.Where(i => i.UserId == userId).ExecuteDeleteAsync();
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync();

        var placeholder = $"deleted-{user.Id}@deleted.invalid";
        user.UserName = user.Email = placeholder;
        user.NormalizedUserName = user.NormalizedEmail = placeholder.ToUpperInvariant();
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.TwoFactorEnabled = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await signIn.SignOutAsync();
    }

    /// <summary>
    /// Identity changed the account's security stamp (password, authenticator key, 2FA): the
    /// cookie of this browser is re-issued with the new stamp, so only the other sessions end.
    /// </summary>
    private Task KeepThisSessionAsync(ApplicationUser user) => signIn.RefreshSignInAsync(user);

    private async Task<ApplicationUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new Application.Common.Exceptions.NotFoundException("User", userId);

    private Guid? CurrentSessionId() =>
        signIn.Context.Items[SessionCookieEvents.SessionKey] as Guid?;

    private Task<int> RevokeSessionsAsync(string userId, Guid? except)
    {
        var now = clock.GetUtcNow();
        var sessions = db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null);
        if (except is { } keep) sessions = sessions.Where(s => s.Id != keep);
        return sessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
    }
}
