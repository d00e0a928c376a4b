using Microsoft.AspNetCore.Authentication;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// The properties of a challenge that sends the browser to Apple or Google, as
/// <c>SignInManager.ConfigureExternalAuthenticationProperties</c> makes them: the provider and, for a
/// link from the profile, the account that started it (Identity accepts the answer only for that
/// account). Controllers must not see Identity's user type, so the two item keys are written here.
/// </summary>
public static class ExternalChallenge
{
    private const string LoginProviderKey = "LoginProvider";
    private const string XsrfKey = "XsrfId";

    public static AuthenticationProperties Properties(string provider, string redirectUri, string? linkingUserId = null)
    {
        var properties = new AuthenticationProperties { RedirectUri = redirectUri };
        properties.Items[LoginProviderKey] = provider;
        if (linkingUserId is not null) properties.Items[XsrfKey] = linkingUserId;
        return properties;
    }
}
