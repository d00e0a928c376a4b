namespace Streaming.Infrastructure.Identity.External;

/// <summary>
/// Sign in with Apple and Google (section <c>Authentication</c>). A provider whose settings are
/// empty is off (no button); one that is half filled in stops the start-up with a message.
/// </summary>
public sealed class ExternalLoginOptions
{
    public const string Section = "Authentication";

    public AppleLoginOptions Apple { get; set; } = new();

    public GoogleLoginOptions Google { get; set; } = new();
}

/// <summary>Sign in with Apple (OpenID Connect, code flow, <c>response_mode=form_post</c>).</summary>
public sealed class AppleLoginOptions
{
    public const string Scheme = "Apple";

    /// <summary>The Services ID registered with Apple (e.g. com.example.streaming.web): the OAuth client_id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The Apple developer team id (the client secret's issuer).</summary>
    public string? TeamId { get; set; }

    /// <summary>The id of the "Sign in with Apple" private key (the client secret's <c>kid</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>The private key's PEM text (the .p8 file Apple lets you download once).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Or the path of that .p8 file.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Apple's issuer; its discovery document is under <c>/.well-known/openid-configuration</c> (tests point it at a local provider).</summary>
    public string Authority { get; set; } = "https://appleid.apple.com";

    /// <summary>Lifetime of the ES256 client secret made for each token request (Apple allows up to six months).</summary>
    public TimeSpan ClientSecretLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(TeamId) || !string.IsNullOrWhiteSpace(KeyId)
        || !string.IsNullOrWhiteSpace(PrivateKey) || !string.IsNullOrWhiteSpace(PrivateKeyPath);

    /// <summary>What is missing or wrong in a configuration that was started, or null.</summary>
    public string? Problem()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(ClientId)) missing.Add("ClientId");
        if (string.IsNullOrWhiteSpace(TeamId)) missing.Add("TeamId");
        if (string.IsNullOrWhiteSpace(KeyId)) missing.Add("KeyId");
        if (string.IsNullOrWhiteSpace(PrivateKey) && string.IsNullOrWhiteSpace(PrivateKeyPath)) missing.Add("PrivateKey (or PrivateKeyPath)");
        if (missing.Count > 0) return $"Authentication:Apple is missing {string.Join(", ", missing)}.";
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != "https" && !authority.IsLoopback))
            return "Authentication:Apple:Authority must be an https address.";
        return ClientSecretLifetime > TimeSpan.Zero && ClientSecretLifetime <= TimeSpan.FromDays(180)
            ? null
            : "Authentication:Apple:ClientSecretLifetime must be between 0 and 180 days.";
    }
}

/// <summary>Google sign-in (OAuth 2.0 with Google's user info endpoint).</summary>
public sealed class GoogleLoginOptions
{
    public const string Scheme = "Google";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Google's endpoints, settable so that tests can point them at a local provider.</summary>
    public string AuthorizationEndpoint { get; set; } = Microsoft.AspNetCore.Authentication.Google.GoogleDefaults.AuthorizationEndpoint;

    public string TokenEndpoint { get; set; } = Microsoft.AspNetCore.Authentication.Google.GoogleDefaults.TokenEndpoint;

    public string UserInformationEndpoint { get; set; } = Microsoft.AspNetCore.Authentication.Google.GoogleDefaults.UserInformationEndpoint;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret);

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret))
            return "Authentication:Google needs both ClientId and ClientSecret.";
        foreach (var (name, value) in new[] { ("AuthorizationEndpoint", AuthorizationEndpoint), ("TokenEndpoint", TokenEndpoint), ("UserInformationEndpoint", UserInformationEndpoint) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && !uri.IsLoopback))
                return $"Authentication:Google:{name} must be an https address.";
        }

        return null;
    }
}
