using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Email;

namespace Streaming.Infrastructure.Identity;

/// <summary>
/// Identity's Data Protection token provider for the links in account email (reset password,
/// confirm an address, confirm a new address), on the app's clock: Identity's own provider reads
/// the system clock, so expiry could not be tested without waiting. Like it, a token names the
/// account, the purpose and the account's security stamp, so it dies when the stamp changes — a
/// password reset or an email change uses it up. A reset link lives
/// <see cref="EmailOptions.PasswordResetLinkLifetime"/>, a confirmation <see cref="EmailOptions.ConfirmationLinkLifetime"/>.
/// </summary>
public sealed class ClockedTokenProvider(
    IDataProtectionProvider protection,
    IOptions<DataProtectionTokenProviderOptions> providerOptions,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger,
    IOptions<EmailOptions> emailOptions,
    TimeProvider clock) : DataProtectorTokenProvider<ApplicationUser>(protection, providerOptions, logger)
{
    public const string ProviderName = "AccountEmail";

    public override async Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var payload = string.Join('\n', clock.GetUtcNow().UtcTicks, await manager.GetUserIdAsync(user), purpose,
            manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : "");
        return WebEncoders.Base64UrlEncode(Protector.Protect(Encoding.UTF8.GetBytes(payload)));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return false;
        }

        if (parts.Length != 4 || !long.TryParse(parts[0], out var ticks)) return false;
        var issued = new DateTimeOffset(ticks, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        if (issued > now || now >= issued + Lifetime(purpose)) return false;
        if (parts[1] != await manager.GetUserIdAsync(user) || parts[2] != purpose) return false;
        return !manager.SupportsUserSecurityStamp || parts[3] == await manager.GetSecurityStampAsync(user);
    }

    public override Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) => Task.FromResult(false);

    private TimeSpan Lifetime(string purpose) =>
        purpose == UserManager<ApplicationUser>.ResetPasswordTokenPurpose
            ? emailOptions.Value.PasswordResetLinkLifetime
            : emailOptions.Value.ConfirmationLinkLifetime;
}
