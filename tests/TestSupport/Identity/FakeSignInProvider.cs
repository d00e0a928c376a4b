using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.TestSupport.Identity;

/// <summary>Who signs in at the provider's page next.</summary>
public sealed record ProviderPerson(string Sub, string Email, bool EmailVerified = true, bool PrivateEmail = false, string? FirstName = "Ana", string? LastName = "Diaz");

/// <summary>What is wrong with the next ID token the Apple endpoint issues.</summary>
public enum IdTokenFault
{
    None,

    /// <summary>A valid token with one byte of its signature changed.</summary>
    TamperedSignature,

    /// <summary>A valid token whose payload was changed after signing (another <c>sub</c>).</summary>
    TamperedPayload,

    /// <summary>Expired an hour before "now" (the test clock).</summary>
    Expired,

    /// <summary>Issued for another client_id.</summary>
    WrongAudience,

    /// <summary>Carries a nonce the app never sent.</summary>
    WrongNonce,

    /// <summary>Signed with a key that is not in the JWKS.</summary>
    UnknownKey,
}

/// <summary>One request the provider received (for assertions).</summary>
public sealed record ProviderRequest(string Method, string Path, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Query, string? Authorization);

/// <summary>
/// Sign in with Apple and Google as a real Kestrel server on 127.0.0.1 (any free port), speaking
/// their documented protocols:
/// <list type="bullet">
/// <item><b>Apple</b> (OpenID Connect) under <c>/apple</c>: discovery (<c>/.well-known/openid-configuration</c>),
/// JWKS (RS256), the authorize page (which answers with <c>response_mode=form_post</c>: a form posting
/// code, state and — on the person's first authorisation only — the <c>user</c> JSON with their name
/// to the app's callback), and the token endpoint, which checks the client secret as Apple does (an
/// ES256 JWT from the team's key: kid, iss = team id, sub = client id, aud = the issuer, not expired),
/// the code (once, for its redirect_uri) and answers with an ID token (iss, aud, sub, nonce, email,
/// email_verified and is_private_email as strings, iat/exp from the test clock) — or with an OAuth error.</item>
/// <item><b>Google</b> (OAuth 2.0) under <c>/google</c>: authorize page (a GET back to the callback with
/// code and state), token endpoint (client id and secret, PKCE code_verifier, code once) and the v3
/// user info endpoint (sub, name, email, email_verified as a JSON boolean).</item>
/// </list>
/// The person who signs in is <see cref="NextPerson"/>; faults are set per test.
/// </summary>
public sealed class FakeSignInProvider : IAsyncDisposable
{
    public const string AppleClientId = "com.example.streaming.web";
    public const string AppleTeamId = "TEAM123456";
    public const string AppleKeyId = "KEY7890ABC";
    public const string GoogleClientId = "1234-test.apps.googleusercontent.com";
    public const string GoogleClientSecret = "google-test-secret-5e2";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly RsaSecurityKey signingKey = new(RSA.Create(2048)) { KeyId = "apple-test-key-1" };
    private readonly RsaSecurityKey strangerKey = new(RSA.Create(2048)) { KeyId = "apple-test-key-1" };
    private readonly ECDsa appleClientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Grant> codes = new();
    private readonly ConcurrentDictionary<string, ProviderPerson> accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> authorisedBefore = new();
    private readonly ConcurrentQueue<ProviderRequest> requests = new();

    private FakeSignInProvider(WebApplication app, TimeProvider clock) => (this.app, this.clock) = (app, clock);

    private sealed record Grant(ProviderPerson Person, string RedirectUri, string? Nonce, string? CodeChallenge);

    public Uri BaseUrl { get; private set; } = null!;

    public string AppleIssuer => new Uri(BaseUrl, "apple").ToString();

    /// <summary>Who signs in at the next authorize page.</summary>
    public ProviderPerson NextPerson { get; set; } = new("001122.apple.0001", "ana@example.test");

    /// <summary>What is wrong with the ID tokens issued from now on.</summary>
    public IdTokenFault IdTokenFault { get; set; }

    /// <summary>An OAuth error code the token endpoint answers with (400), e.g. invalid_grant; null: none.</summary>
    public string? TokenError { get; set; }

    /// <summary>The token endpoint answers 500 (the provider is down).</summary>
    public bool TokenEndpointDown { get; set; }

    /// <summary>The authorize page cancels (Apple: error=user_cancelled_authorize; Google: error=access_denied).</summary>
    public bool UserCancels { get; set; }

    /// <summary>The PEM of the Apple "Sign in with Apple" private key the app is configured with.</summary>
    public string ApplePrivateKeyPem => appleClientKey.ExportPkcs8PrivateKeyPem();

    public IReadOnlyList<ProviderRequest> Requests => [.. requests];

    public static async Task<FakeSignInProvider> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var provider = new FakeSignInProvider(app, clock);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        provider.BaseUrl = new Uri(app.Urls.Single() + "/");
        return provider;
    }

    /// <summary>The settings that turn on Sign in with Apple against this provider.</summary>
    public Dictionary<string, string?> AppleSettings() => new()
    {
        ["Authentication:Apple:ClientId"] = AppleClientId,
        ["Authentication:Apple:TeamId"] = AppleTeamId,
        ["Authentication:Apple:KeyId"] = AppleKeyId,
        ["Authentication:Apple:PrivateKey"] = ApplePrivateKeyPem,
        ["Authentication:Apple:Authority"] = AppleIssuer,
    };

    /// <summary>The settings that turn on Google sign-in against this provider.</summary>
    public Dictionary<string, string?> GoogleSettings() => new()
    {
        ["Authentication:Google:ClientId"] = GoogleClientId,
        ["Authentication:Google:ClientSecret"] = GoogleClientSecret,
        ["Authentication:Google:AuthorizationEndpoint"] = new Uri(BaseUrl, "google/o/oauth2/v2/auth").ToString(),
        ["Authentication:Google:TokenEndpoint"] = new Uri(BaseUrl, "google/token").ToString(),
        ["Authentication:Google:UserInformationEndpoint"] = new Uri(BaseUrl, "google/oauth2/v3/userinfo").ToString(),
    };

    /// <summary>Forgets faults, the person and who authorised before (Apple sends the name again).</summary>
    public void Reset()
    {
        IdTokenFault = IdTokenFault.None;
        TokenError = null;
        TokenEndpointDown = false;
        UserCancels = false;
        requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        appleClientKey.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString()) : [];
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        requests.Enqueue(new ProviderRequest(request.Method, request.Path, form, query, request.Headers.Authorization.ToString()));

        switch (request.Method, request.Path.Value)
        {
            case ("GET", "/apple/.well-known/openid-configuration"):
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
                {
                    ["issuer"] = AppleIssuer,
                    ["authorization_endpoint"] = AppleIssuer + "/auth/authorize",
                    ["token_endpoint"] = AppleIssuer + "/auth/token",
                    ["revocation_endpoint"] = AppleIssuer + "/auth/revoke",
                    ["jwks_uri"] = AppleIssuer + "/auth/keys",
                    ["response_types_supported"] = new[] { "code" },
                    ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                    ["subject_types_supported"] = new[] { "pairwise" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["scopes_supported"] = new[] { "openid", "email", "name" },
                    ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
                    ["claims_supported"] = new[] { "aud", "email", "email_verified", "exp", "iat", "is_private_email", "iss", "nonce", "nonce_supported", "real_user_status", "sub", "transfer_sub" },
                });
                return;
            case ("GET", "/apple/auth/keys"):
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(signingKey);
                await context.Response.WriteAsJsonAsync(new { keys = new[] { new { kty = "RSA", kid = signingKey.KeyId, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
                return;
            case ("GET", "/apple/auth/authorize"):
                await AppleAuthorizeAsync(context, query);
                return;
            case ("POST", "/apple/auth/token"):
                await AppleTokenAsync(context, form);
                return;
            case ("GET", "/google/o/oauth2/v2/auth"):
                await GoogleAuthorizeAsync(context, query);
                return;
            case ("POST", "/google/token"):
                await GoogleTokenAsync(context, form);
                return;
            case ("GET", "/google/oauth2/v3/userinfo"):
                await GoogleUserInfoAsync(context);
                return;
            case ("GET", "/favicon.ico"):
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task AppleAuthorizeAsync(HttpContext context, Dictionary<string, string> query)
    {
        if (query.GetValueOrDefault("client_id") != AppleClientId || query.GetValueOrDefault("response_mode") != "form_post"
            || query.GetValueOrDefault("response_type") != "code" || !query.TryGetValue("redirect_uri", out var redirectUri))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("invalid_request");
            return;
        }

        var fields = new Dictionary<string, string> { ["state"] = query.GetValueOrDefault("state") ?? "" };
        if (UserCancels)
        {
            fields["error"] = "user_cancelled_authorize";
        }
        else
        {
            var person = NextPerson;
            var code = NewCode();
            codes[code] = new Grant(person, redirectUri, query.GetValueOrDefault("nonce"), null);
            fields["code"] = code;
            // Apple sends the name (and email) in a "user" field on the first authorisation only.
            if (authorisedBefore.TryAdd(person.Sub, true) && query.GetValueOrDefault("scope")?.Contains("name", StringComparison.Ordinal) == true)
                fields["user"] = JsonSerializer.Serialize(new { name = new { firstName = person.FirstName, lastName = person.LastName }, email = person.Email });
        }

        await ConsentPageAsync(context, "Apple", "post", redirectUri, fields);
    }

    private async Task AppleTokenAsync(HttpContext context, Dictionary<string, string> form)
    {
        if (TokenEndpointDown)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (TokenError is { } error)
        {
            await OAuthErrorAsync(context, error);
            return;
        }

        if (form.GetValueOrDefault("client_id") != AppleClientId || !await ValidAppleClientSecretAsync(form.GetValueOrDefault("client_secret")))
        {
            await OAuthErrorAsync(context, "invalid_client");
            return;
        }

        if (form.GetValueOrDefault("grant_type") != "authorization_code" || !codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var grant)
            || grant.RedirectUri != form.GetValueOrDefault("redirect_uri"))
        {
            await OAuthErrorAsync(context, "invalid_grant");
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = "apple-access-" + NewCode(),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = "apple-refresh-" + NewCode(),
            ["id_token"] = IdToken(grant),
        });
    }

    /// <summary>The client secret as Apple checks it: ES256 from the registered key, kid, iss = team, sub = client, aud = Apple, not expired.</summary>
    private async Task<bool> ValidAppleClientSecretAsync(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return false;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(secret, new TokenValidationParameters
        {
            ValidIssuer = AppleTeamId,
            ValidAudience = AppleIssuer.TrimEnd('/'),
            IssuerSigningKey = new ECDsaSecurityKey(ECDsa.Create(appleClientKey.ExportParameters(false))) { KeyId = AppleKeyId },
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            LifetimeValidator = (_, expires, _, _) => expires > clock.GetUtcNow().UtcDateTime,
        });
        return result.IsValid && result.SecurityToken is JsonWebToken token && token.Kid == AppleKeyId && token.Subject == AppleClientId;
    }

    private string IdToken(Grant grant)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fault = IdTokenFault;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = grant.Person.Sub,
            ["email"] = grant.Person.Email,
            // Apple sends these two as strings.
            ["email_verified"] = grant.Person.EmailVerified ? "true" : "false",
            ["auth_time"] = new DateTimeOffset(now).ToUnixTimeSeconds(),
            ["nonce_supported"] = true,
        };
        if (grant.Person.PrivateEmail) claims["is_private_email"] = "true";
        if ((fault == IdTokenFault.WrongNonce ? "not-the-apps-nonce" : grant.Nonce) is { } nonce) claims["nonce"] = nonce;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AppleIssuer,
            Audience = fault == IdTokenFault.WrongAudience ? "com.example.someone-else" : AppleClientId,
            IssuedAt = fault == IdTokenFault.Expired ? now.AddHours(-2) : now,
            NotBefore = fault == IdTokenFault.Expired ? now.AddHours(-2) : now,
            Expires = fault == IdTokenFault.Expired ? now.AddHours(-1) : now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(fault == IdTokenFault.UnknownKey ? strangerKey : signingKey, SecurityAlgorithms.RsaSha256),
        };
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        var parts = token.Split('.');
        switch (fault)
        {
            case IdTokenFault.TamperedSignature:
                var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
                signature[10] ^= 0x01;
                return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
            case IdTokenFault.TamperedPayload:
                var payload = Base64UrlEncoder.Decode(parts[1]).Replace(grant.Person.Sub, "001122.apple.attacker", StringComparison.Ordinal);
                return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
            default:
                return token;
        }
    }

    private async Task GoogleAuthorizeAsync(HttpContext context, Dictionary<string, string> query)
    {
        if (query.GetValueOrDefault("client_id") != GoogleClientId || query.GetValueOrDefault("response_type") != "code"
            || !query.TryGetValue("redirect_uri", out var redirectUri) || query.GetValueOrDefault("code_challenge_method") != "S256")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("invalid_request");
            return;
        }

        var fields = new Dictionary<string, string> { ["state"] = query.GetValueOrDefault("state") ?? "" };
        if (UserCancels)
        {
            fields["error"] = "access_denied";
        }
        else
        {
            var code = NewCode();
            codes[code] = new Grant(NextPerson, redirectUri, null, query.GetValueOrDefault("code_challenge"));
            fields["code"] = code;
            fields["scope"] = "openid email profile";
        }

        await ConsentPageAsync(context, "Google", "get", redirectUri, fields);
    }

    private async Task GoogleTokenAsync(HttpContext context, Dictionary<string, string> form)
    {
        if (TokenEndpointDown)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (TokenError is { } error)
        {
            await OAuthErrorAsync(context, error);
            return;
        }

        if (form.GetValueOrDefault("client_id") != GoogleClientId || form.GetValueOrDefault("client_secret") != GoogleClientSecret)
        {
            await OAuthErrorAsync(context, "invalid_client");
            return;
        }

        if (!codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var grant) || grant.RedirectUri != form.GetValueOrDefault("redirect_uri")
            || grant.CodeChallenge != Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier") ?? ""))))
        {
            await OAuthErrorAsync(context, "invalid_grant");
            return;
        }

        var accessToken = "google-access-" + NewCode();
        accessTokens[accessToken] = grant.Person;
        await context.Response.WriteAsJsonAsync(new { access_token = accessToken, token_type = "Bearer", expires_in = 3599, scope = "openid email profile" });
    }

    private async Task GoogleUserInfoAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !accessTokens.TryGetValue(header["Bearer ".Length..], out var person))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var name = string.Join(' ', new[] { person.FirstName, person.LastName }.Where(p => !string.IsNullOrEmpty(p)));
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["sub"] = person.Sub,
            ["name"] = name,
            ["given_name"] = person.FirstName,
            ["family_name"] = person.LastName,
            ["email"] = person.Email,
            ["email_verified"] = person.EmailVerified,
        });
    }

    /// <summary>The provider's own page: who is signing in and one button that sends the answer back to the app.</summary>
    private static async Task ConsentPageAsync(HttpContext context, string provider, string method, string redirectUri, Dictionary<string, string> fields)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>Sign in with {provider}</title>");
        html.Append("<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}</style></head><body>");
        html.Append($"<h1>{provider} (test provider)</h1>");
        html.Append(fields.ContainsKey("error") ? "<p id=\"consent\">You cancelled.</p>" : $"<p id=\"consent\">Sign in to the Streaming app with your {provider} account?</p>");
        html.Append($"<form method=\"{method}\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">");
        foreach (var (name, value) in fields)
            html.Append($"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(name)}\" value=\"{WebUtility.HtmlEncode(value)}\">");
        html.Append("<button type=\"submit\" id=\"continue\">Continue</button></form></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString());
    }

    private static async Task OAuthErrorAsync(HttpContext context, string error)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(new { error }, Json);
    }

    private static string NewCode() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
}
