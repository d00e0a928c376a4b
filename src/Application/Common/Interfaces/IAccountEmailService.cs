namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// What account email needs from the identity store (ASP.NET Core Identity behind it): the links'
/// one-time codes — made when the email is sent, never stored — and using them: confirm an
/// address, reset a password, move the account to a new address.
/// </summary>
public interface IAccountEmailService
{
    /// <summary>How long a password reset link works.</summary>
    TimeSpan PasswordResetLifetime { get; }

    /// <summary>How long an address confirmation (sign-up or change) link works.</summary>
    TimeSpan EmailConfirmationLifetime { get; }

    /// <summary>The account that signs in with this address, or null.</summary>
    Task<string?> FindUserIdByEmailAsync(string address, CancellationToken cancellationToken);

    Task<bool> IsEmailConfirmedAsync(string userId, CancellationToken cancellationToken);

    Task<string> EmailConfirmationTokenAsync(string userId);

    Task<string> PasswordResetTokenAsync(string userId);

    Task<string> EmailChangeTokenAsync(string userId, string newAddress);

    /// <summary>False for a wrong or expired code (or an unknown account).</summary>
    Task<bool> ConfirmEmailAsync(string userId, string token);

    /// <summary>
    /// Sets the new password if the code is valid, unused and not expired; the code then stops
    /// working and every session of the account ends. Returns the errors (an invalid code included).
    /// </summary>
    Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string token, string newPassword);

    /// <summary>Moves the account (sign-in name and profile) to <paramref name="newAddress"/> if the code is valid. Returns the errors.</summary>
    Task<IReadOnlyList<string>> ChangeEmailAsync(string userId, string newAddress, string token);

    /// <summary>Whether another account already uses <paramref name="address"/>.</summary>
    Task<bool> IsAddressTakenAsync(string address, CancellationToken cancellationToken);
}

public static class AccountEmailMessages
{
    /// <summary>One answer for every bad link (used, expired, altered, unknown account): it tells an attacker nothing.</summary>
    public const string InvalidLink = "This link is not valid any more: it was used already, it expired, or it was changed. Ask for a new one.";
}
