using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.Infrastructure.Identity.External;

/// <summary>
/// Apple's client secret is not a fixed string but a short JWT signed ES256 with the app's
/// "Sign in with Apple" key: <c>kid</c> = key id, <c>iss</c> = team id, <c>sub</c> = the Services ID
/// (client_id), <c>aud</c> = https://appleid.apple.com, <c>iat</c>/<c>exp</c> (at most six months).
/// One is made for each code redemption.
/// </summary>
public sealed class AppleClientSecret
{
    private readonly AppleLoginOptions options;
    private readonly ECDsaSecurityKey key;

    public AppleClientSecret(AppleLoginOptions options)
    {
        this.options = options;
        var pem = !string.IsNullOrWhiteSpace(options.PrivateKey) ? options.PrivateKey : File.ReadAllText(options.PrivateKeyPath!);
        var ecdsa = ECDsa.Create();
        try
        {
            // Environment variables often carry the PEM with "\n" for its line breaks.
            ecdsa.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (ArgumentException e)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException("Authentication:Apple:PrivateKey is not a PEM private key (the .p8 file from Apple).", e);
        }

        key = new ECDsaSecurityKey(ecdsa) { KeyId = options.KeyId };
    }

    public string Create(DateTimeOffset now)
    {
        var issuedAt = now.UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.TeamId,
            Audience = options.Authority.TrimEnd('/'),
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = options.ClientId! },
            IssuedAt = issuedAt,
            Expires = issuedAt + options.ClientSecretLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
