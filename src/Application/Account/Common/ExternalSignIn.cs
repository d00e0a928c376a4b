using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Account.Common;

/// <summary>What the external sign-in use cases share: names and messages.</summary>
public static class ExternalSignIn
{
    public const string Expired = "Your sign-in took too long or was already used. Please start again.";

    /// <summary>Apple's "Hide my email" addresses: unique to this app, forwarded to the person's real address.</summary>
    public const string PrivateRelayDomain = "privaterelay.appleid.com";

    public static bool IsPrivateRelay(string? email) =>
        email is not null && email.EndsWith("@" + PrivateRelayDomain, StringComparison.OrdinalIgnoreCase);

    public static string DisplayName(IExternalLogins logins, string provider) =>
        logins.Providers.FirstOrDefault(p => p.Name == provider)?.DisplayName ?? provider;

    /// <summary>
    /// The new account's display name: the name the provider sent (Apple: on the first sign-in only),
    /// else the email's local part — but not a relay address's, which is random letters.
    /// </summary>
    public static string DisplayNameFor(ExternalIdentity identity)
    {
        var name = identity.Name?.Trim();
        // A name a provider sent with characters we refuse from people is not worth failing the sign-up over.
        if (PlainText.Problem(name) is not null) name = null;
        if (string.IsNullOrEmpty(name) && identity.Email is { } email && !identity.IsPrivateRelay && !IsPrivateRelay(email))
            name = email.Split('@')[0];
        if (string.IsNullOrEmpty(name)) name = "Member";
        return name.Length > UserProfile.DisplayNameMaxLength ? name[..UserProfile.DisplayNameMaxLength].Trim() : name;
    }
}
