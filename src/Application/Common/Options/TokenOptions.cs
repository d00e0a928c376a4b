namespace Streaming.Application.Common.Options;

public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>BuiltIn (PostgreSQL ledger, default) or Http (the existing token backend).</summary>
    public TokenProvider Provider { get; set; } = TokenProvider.BuiltIn;

    /// <summary>Where members buy tokens (the iOS app); shown as "Buy tokens".</summary>
    public string? BuyTokensUrl { get; set; }

    public HttpTokenBackendOptions Http { get; set; } = new();
}

public enum TokenProvider
{
    BuiltIn,
    Http,
}

public sealed class HttpTokenBackendOptions
{
    /// <summary>Base address of the token service, e.g. https://tokens.example.com/.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as "Authorization: Bearer …".</summary>
    public string? ApiKey { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra attempts for requests that are safe to repeat (reads, and writes carrying an Idempotency-Key).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// The sign-in provider whose accounts the token service knows (the iOS app signs in with Apple):
    /// a member who signs in with it, or links it, is sent to the service as that account.
    /// </summary>
    public string IdentityProvider { get; set; } = "Apple";

    /// <summary>The claim of that provider's ID token (or Google's user info) sent as X-User-Id; <c>sub</c> by default.</summary>
    public string IdentityClaim { get; set; } = "sub";
}
