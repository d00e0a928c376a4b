namespace Streaming.Application.Common.Interfaces;

/// <summary>A sign-in provider that is configured (Apple, Google): its scheme name and its button's text.</summary>
public sealed record ExternalProvider(string Name, string DisplayName);

/// <summary>
/// Who a provider says the visitor is, after it sent them back (kept in a short-lived cookie
/// between the provider's answer and the end of the sign-in).
/// </summary>
/// <param name="Provider">The scheme (Apple, Google).</param>
/// <param name="Key">The provider's stable id for the person (Apple's and Google's <c>sub</c>).</param>
/// <param name="Email">The email the provider gave, if any.</param>
/// <param name="EmailVerified">Whether the provider says the person proved they own <paramref name="Email"/>.</param>
/// <param name="IsPrivateRelay">Apple's "Hide my email" relay address (unique to this app, forwards to the person).</param>
/// <param name="Name">The person's name, if sent (Apple sends it on the first sign-in only).</param>
/// <param name="LedgerSubject">The configured claim for the token service's identity, when this is the configured provider.</param>
public sealed record ExternalIdentity(
    string Provider, string Key, string? Email, bool EmailVerified, bool IsPrivateRelay, string? Name, string? LedgerSubject);

/// <summary>A sign-in provider linked to an account.</summary>
public sealed record LinkedLogin(string Provider, string DisplayName);

/// <summary>Sign-in with Apple and Google: ASP.NET Core Identity's external logins behind it.</summary>
public interface IExternalLogins
{
    /// <summary>The providers that are configured (none by default).</summary>
    IReadOnlyList<ExternalProvider> Providers { get; }

    /// <summary>
    /// The provider's answer for this browser, if a sign-in is under way. With <paramref name="linkingUserId"/>,
    /// only an answer to a link started by that signed-in account counts.
    /// </summary>
    Task<ExternalIdentity?> ReadAsync(string? linkingUserId = null);

    /// <summary>Ends the sign-in under way (deletes the provider's answer from this browser).</summary>
    Task ForgetAsync();

    /// <summary>The account this provider login is linked to, if any.</summary>
    Task<string?> FindUserByLoginAsync(string provider, string key);

    /// <summary>The account that has this email, if any.</summary>
    Task<string?> FindUserByEmailAsync(string email);

    /// <summary>
    /// Signs in the account linked to the login, opening a server-side session as a password sign-in
    /// does; lock-out and two-factor sign-in apply (RequiresTwoFactor: the code is asked next).
    /// </summary>
    Task<SignInOutcome> SignInAsync(string provider, string key);

    /// <summary>Creates an account without a password, with the login, role and profile, all or nothing.</summary>
    Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(ExternalIdentity identity, string displayName, string role, CancellationToken cancellationToken);

    /// <summary>Links the login to the account; returns the errors (e.g. linked to another account already).</summary>
    Task<IReadOnlyList<string>> AddLoginAsync(string userId, ExternalIdentity identity);

    /// <summary>Unlinks the provider. Identity changes the security stamp: the account's other sessions end, this one stays.</summary>
    Task RemoveLoginAsync(string userId, string provider);

    Task<IReadOnlyList<LinkedLogin>> GetLoginsAsync(string userId);

    Task<bool> HasPasswordAsync(string userId);

    /// <summary>
    /// Checks the account's password as the login page does (wrong attempts count towards the lock-out).
    /// Succeeded, Failed or LockedOut.
    /// </summary>
    Task<SignInOutcome> CheckPasswordAsync(string userId, string password);

    /// <summary>Gives an account that has none a password (errors: too weak…). This session stays signed in.</summary>
    Task<IReadOnlyList<string>> AddPasswordAsync(string userId, string password);
}
