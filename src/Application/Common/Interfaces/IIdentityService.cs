namespace Streaming.Application.Common.Interfaces;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,

    /// <summary>The password was right; the authenticator code is asked next.</summary>
    RequiresTwoFactor,

    /// <summary>The password was right but a super admin disabled the account.</summary>
    Disabled,
}

/// <summary>Why an account cannot sign in now: disabled by a super admin, or locked out after wrong passwords (until when).</summary>
public sealed record AccountLockState(bool Disabled, DateTimeOffset? LockedUntil, int FailedAttempts);

/// <summary>What the security page shows about an account.</summary>
public sealed record SecurityOverview(string Email, bool TwoFactorEnabled, int RecoveryCodesLeft, int ActiveSessions, bool HasPassword = true);

/// <summary>What an authenticator app needs: the shared key (grouped for typing) and the otpauth:// URI a QR code carries.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string OtpAuthUri);

/// <summary>Accounts, passwords, two-factor sign-in, roles, sessions and the sign-in cookie (ASP.NET Core Identity behind it).</summary>
public interface IIdentityService
{
    /// <summary>
    /// Creates the account with its role and public profile, all or nothing; on failure returns
    /// the messages (weak password, email not usable…).
    /// </summary>
    Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, CancellationToken cancellationToken);

    /// <summary>
    /// As above; <paramref name="inSameTransaction"/> gets the new account's id and may add rows to
    /// the application's context (e.g. the confirmation email), saved with the account or not at all.
    /// </summary>
    Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, Action<string> inSameTransaction, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the password and signs in. An unknown email costs the same password hash and earns
    /// the same answers (lock-out included) as a known one.
    /// </summary>
    Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe);

    /// <summary>The second step after <see cref="SignInOutcome.RequiresTwoFactor"/>: an authenticator code or a recovery code.</summary>
    Task<SignInOutcome> TwoFactorSignInAsync(string code, bool isRecoveryCode, bool rememberMe);

    /// <summary>Whether a password sign-in is waiting for its second factor in this browser.</summary>
    Task<bool> HasPendingTwoFactorAsync();

    Task SignInAsync(string userId);

    Task SignOutAsync();

    Task<bool> IsInRoleAsync(string userId, string role);

    Task AddToRoleAsync(string userId, string role);

    /// <summary>Takes the role away; the account's open sessions lose it on their next request.</summary>
    Task RemoveFromRoleAsync(string userId, string role);

    Task<AccountLockState> GetLockStateAsync(string userId);

    /// <summary>Ends a lock-out after wrong passwords (and forgets the failures counted so far).</summary>
    Task UnlockAsync(string userId);

    /// <summary>The account can no longer sign in (Identity's lock-out without end) and every session it has ends now.</summary>
    Task DisableAsync(string userId);

    /// <summary>Undoes <see cref="DisableAsync"/>: the account can sign in again.</summary>
    Task EnableAsync(string userId);

    /// <summary>Refreshes the caller's cookie so a change shows up at once (a new role, a confirmed or new address).</summary>
    Task RefreshSignInAsync(string userId);

    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetRolesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken);

    Task<SecurityOverview> GetSecurityOverviewAsync(string userId);

    Task<bool> CheckPasswordAsync(string userId, string password);

    /// <summary>Changes the password; every other session of the account ends, this one stays signed in. Returns the errors.</summary>
    Task<IReadOnlyList<string>> ChangePasswordAsync(string userId, string currentPassword, string newPassword);

    /// <summary>Ends every session of the account, this one included.</summary>
    Task SignOutEverywhereAsync(string userId);

    /// <summary>The authenticator key (made on first use) and its otpauth:// URI.</summary>
    Task<AuthenticatorSetup> GetAuthenticatorSetupAsync(string userId, string issuer);

    /// <summary>Turns two-factor sign-in on if <paramref name="code"/> is valid for the key; returns new recovery codes, or null for a wrong code.</summary>
    Task<IReadOnlyList<string>?> EnableTwoFactorAsync(string userId, string code);

    /// <summary>Turns two-factor sign-in off and forgets the key (a new one is made next time).</summary>
    Task DisableTwoFactorAsync(string userId);

    Task<IReadOnlyList<string>> NewRecoveryCodesAsync(string userId);

    /// <summary>
    /// The account can no longer sign in and holds no personal data: email and user name replaced,
    /// password, roles, 2FA and external logins removed, every session ended.
    /// </summary>
    Task AnonymiseAsync(string userId);
}

/// <summary>Claims the sign-in cookie carries besides the id, name and roles.</summary>
public static class AccountClaims
{
    /// <summary>"true" once the account's address is confirmed (the page banner reads it; no query per page).</summary>
    public const string EmailConfirmed = "email_confirmed";
}
