using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Streaming.Application.Common.Options;
using TokenOptions = Streaming.Application.Common.Options.TokenOptions;

namespace Streaming.Infrastructure.Identity.External;

/// <summary>
/// Registers the configured sign-in providers as ASP.NET Core authentication schemes that sign in
/// to Identity's external cookie; the account controller finishes the sign-in from there.
/// </summary>
public static class ExternalLoginSetup
{
    /// <summary>Where a provider's failure (cancelled, tampered token, provider error) lands, with ?provider=…&amp;reason=….</summary>
    public const string FailurePath = "/account/external-login/failed";

    public static IServiceCollection AddExternalLogins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExternalLoginOptions>().Bind(configuration.GetSection(ExternalLoginOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalLoginOptions>, ExternalLoginValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ExternalLoginOptions>>().Value);

        // Each configured provider is an authentication scheme, registered now; one whose settings
        // are incomplete is left out, and the validation above stops the start naming what is missing.
        var options = configuration.GetSection(ExternalLoginOptions.Section).Get<ExternalLoginOptions>() ?? new ExternalLoginOptions();
        var tokens = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions();
        var authentication = services.AddAuthentication();
        // The sign-in's own cookies (correlation, nonce) are Secure when the request is HTTPS, like the
        // app's cookies; the handlers' default "always Secure" would lose them over plain HTTP.
        var cookieSecurity = configuration.GetValue("Security:RequireHttps", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        if (options.Apple.IsConfigured && options.Apple.Problem() is null) AddApple(services, authentication, options.Apple, tokens.Http, cookieSecurity);
        if (options.Google.IsConfigured && options.Google.Problem() is null) AddGoogle(authentication, options.Google, tokens.Http, cookieSecurity);
        return services;
    }

    private static void AddApple(
        IServiceCollection services, AuthenticationBuilder authentication, AppleLoginOptions apple, HttpTokenBackendOptions tokens, CookieSecurePolicy cookieSecurity)
    {
        var secret = new AppleClientSecret(apple);
        var authority = new Uri(apple.Authority);
        authentication.AddOpenIdConnect(AppleLoginOptions.Scheme, "Apple", o =>
        {
            o.Authority = apple.Authority;
            o.ClientId = apple.ClientId;
            o.CallbackPath = "/signin-apple";
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // Apple posts the answer (with the name, on the first sign-in) to the callback as a form.
            o.ResponseMode = OpenIdConnectResponseMode.FormPost;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("name");
            o.Scope.Add("email");
            o.UsePkce = false;
            o.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
            o.GetClaimsFromUserInfoEndpoint = false; // Apple has no user info endpoint: everything is in the ID token.
            o.SaveTokens = false;
            o.DisableTelemetry = true;
            o.RequireHttpsMetadata = !authority.IsLoopback;
            o.TokenValidationParameters.ValidAudience = apple.ClientId;
            o.CorrelationCookie.SecurePolicy = cookieSecurity;
            o.NonceCookie.SecurePolicy = cookieSecurity;
            o.Events = new OpenIdConnectEvents
            {
                OnAuthorizationCodeReceived = context =>
                {
                    var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    context.TokenEndpointRequest!.ClientSecret = secret.Create(clock.GetUtcNow());
                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    AddAppleClaims(context, tokens);
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context => Fail(context, AppleLoginOptions.Scheme),
                OnAccessDenied = context => Cancelled(context, AppleLoginOptions.Scheme),
            };
        });

        // The ID token's lifetime is checked against the app's clock (the one the tests move).
        services.AddOptions<OpenIdConnectOptions>(AppleLoginOptions.Scheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) => IsCurrent(notBefore, expires, parameters, clock));
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is null) return false;
        if (notBefore is { } from && from.ToUniversalTime() > now + parameters.ClockSkew) return false;
        return expires.Value.ToUniversalTime() > now - parameters.ClockSkew;
    }

    private static void AddAppleClaims(TokenValidatedContext context, HttpTokenBackendOptions tokens)
    {
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        var raw = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken;
        if (raw is null) return;
        var token = new JsonWebToken(raw); // already validated by the handler
        token.TryGetPayloadValue<object>("email_verified", out var verified);
        token.TryGetPayloadValue<object>("is_private_email", out var privateEmail);
        identity.AddClaim(new Claim(ExternalClaimTypes.EmailVerified, ExternalClaimTypes.IsTrue(verified) ? "true" : "false"));
        identity.AddClaim(new Claim(ExternalClaimTypes.PrivateRelay, ExternalClaimTypes.IsTrue(privateEmail) ? "true" : "false"));
        if (AppleName(context.ProtocolMessage?.GetParameter("user")) is { } name) identity.AddClaim(new Claim(ExternalClaimTypes.Name, name));
        if (string.Equals(tokens.IdentityProvider, AppleLoginOptions.Scheme, StringComparison.OrdinalIgnoreCase)
            && token.TryGetPayloadValue<object>(tokens.IdentityClaim, out var subject) && subject?.ToString() is { Length: > 0 } value)
            identity.AddClaim(new Claim(ExternalClaimTypes.LedgerSubject, value));
    }

    /// <summary>
    /// Apple sends the person's name only on the first authorisation, as a <c>user</c> form field:
    /// <c>{"name":{"firstName":"…","lastName":"…"},"email":"…"}</c>.
    /// </summary>
    internal static string? AppleName(string? user)
    {
        if (string.IsNullOrWhiteSpace(user)) return null;
        try
        {
            using var document = JsonDocument.Parse(user);
            if (!document.RootElement.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.Object) return null;
            var parts = new[] { "firstName", "lastName" }
                .Select(p => name.TryGetProperty(p, out var part) && part.ValueKind == JsonValueKind.String ? part.GetString()?.Trim() : null)
                .Where(p => !string.IsNullOrEmpty(p));
            var full = string.Join(' ', parts);
            return full.Length > 0 ? full : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AddGoogle(AuthenticationBuilder authentication, GoogleLoginOptions google, HttpTokenBackendOptions tokens, CookieSecurePolicy cookieSecurity)
    {
        authentication.AddGoogle(GoogleLoginOptions.Scheme, "Google", o =>
        {
            o.ClientId = google.ClientId!;
            o.ClientSecret = google.ClientSecret!;
            o.AuthorizationEndpoint = google.AuthorizationEndpoint;
            o.TokenEndpoint = google.TokenEndpoint;
            o.UserInformationEndpoint = google.UserInformationEndpoint;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.UsePkce = true;
            o.CorrelationCookie.SecurePolicy = cookieSecurity;
            o.SaveTokens = false;
            o.Events = new OAuthEvents
            {
                OnCreatingTicket = context =>
                {
                    AddGoogleClaims(context, tokens);
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context => Fail(context, GoogleLoginOptions.Scheme),
                OnAccessDenied = context => Cancelled(context, GoogleLoginOptions.Scheme),
            };
        });
    }

    private static void AddGoogleClaims(OAuthCreatingTicketContext context, HttpTokenBackendOptions tokens)
    {
        var identity = context.Identity!;
        var user = context.User;
        identity.AddClaim(new Claim(ExternalClaimTypes.EmailVerified,
            user.TryGetProperty("email_verified", out var verified) && ExternalClaimTypes.IsTrue(verified) ? "true" : "false"));
        if (user.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } full)
            identity.AddClaim(new Claim(ExternalClaimTypes.Name, full));
        if (string.Equals(tokens.IdentityProvider, GoogleLoginOptions.Scheme, StringComparison.OrdinalIgnoreCase)
            && user.TryGetProperty(tokens.IdentityClaim, out var subject) && subject.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            identity.AddClaim(new Claim(ExternalClaimTypes.LedgerSubject, subject.ToString()));
    }

    /// <summary>A failed sign-in (tampered or expired token, wrong audience or nonce, replayed state, provider error) is a page, not a 500.</summary>
    private static Task Fail(RemoteFailureContext context, string provider)
    {
        var cancelled = context.Failure?.Message.Contains("user_cancelled", StringComparison.Ordinal) == true
            || context.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true;
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.ExternalLogin")
            .LogWarning(context.Failure, "Sign-in with {Provider} failed: {Message}", provider, context.Failure?.Message);
        context.Response.Redirect($"{FailurePath}?provider={provider}&reason={(cancelled ? "cancelled" : "failed")}");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static Task Cancelled(AccessDeniedContext context, string provider)
    {
        context.Response.Redirect($"{FailurePath}?provider={provider}&reason=cancelled");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private sealed class ExternalLoginValidation : IValidateOptions<ExternalLoginOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExternalLoginOptions options)
        {
            var problems = new[] { options.Apple.IsConfigured ? options.Apple.Problem() : null, options.Google.IsConfigured ? options.Google.Problem() : null }
                .OfType<string>().ToList();
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(string.Join(" ", problems) + " Fill in the provider's settings or leave them all empty (README, Sign in with Apple and Google).");
        }
    }
}
