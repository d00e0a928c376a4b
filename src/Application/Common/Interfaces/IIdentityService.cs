namespace Streaming.Application.Common.Interfaces;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>Accounts, passwords, roles and the sign-in cookie (ASP.NET Core Identity behind it).</summary>
public interface IIdentityService
{
    /// <summary>
    /// Creates the account with its role and public profile, all or nothing; on failure returns
    /// the messages (weak password, email taken…).
    /// </summary>
    Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string displayName, string role, CancellationToken cancellationToken);

    Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe);

    Task SignInAsync(string userId);

    Task SignOutAsync();

    Task<bool> IsInRoleAsync(string userId, string role);

    Task AddToRoleAsync(string userId, string role);

    /// <summary>Refreshes the caller's cookie so a new role shows up at once.</summary>
    Task RefreshSignInAsync(string userId);

    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetRolesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken);
}
