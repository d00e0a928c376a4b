using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.Infrastructure.Recordings.LiveKit;

/// <summary>
/// Checks a LiveKit webhook: the <c>Authorization</c> header is a JWT signed HS256 with the API
/// secret, issued by the API key, within its lifetime (validated by Microsoft.IdentityModel), whose
/// <c>sha256</c> claim is base64(SHA-256(raw body)), compared in constant time.
/// </summary>
public static class LiveKitWebhookVerifier
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Null when the request is authentic; otherwise why not (for the log, never for the caller).</summary>
    public static async Task<string?> ProblemAsync(string? authorization, byte[] body, LiveKitOptions options, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(options.ApiKey) || string.IsNullOrEmpty(options.ApiSecret)) return "LiveKit:ApiKey/ApiSecret are not configured";
        if (string.IsNullOrWhiteSpace(authorization)) return "no Authorization header";
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        if (!Handler.CanReadToken(token)) return "not a JWT";

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = SigningKey(options.ApiSecret),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidIssuer = options.ApiKey,
            ValidateAudience = false, // LiveKit sets none
            RequireExpirationTime = true,
            ClockSkew = options.ClockSkew,
            // Checked against the app's clock (a test clock in tests), not the machine's.
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                if (expires is null) throw new SecurityTokenNoExpirationException("The token has no expiry.");
                if (now > new DateTimeOffset(expires.Value, TimeSpan.Zero) + parameters.ClockSkew)
                    throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
                if (notBefore is { } from && now + parameters.ClockSkew < new DateTimeOffset(from, TimeSpan.Zero))
                    throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = from };
                return true;
            },
        });
        if (!result.IsValid) return Reason(result.Exception);

        if (result.SecurityToken is not JsonWebToken jwt || !jwt.TryGetPayloadValue<string>("sha256", out var claimed) || claimed is null)
            return "no body hash";
        var actual = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body)));
        return CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(claimed)) ? null : "body hash mismatch";
    }

    /// <summary>Signs a webhook token as LiveKit does (used by tests and the demo's sender).</summary>
    public static string CreateToken(ReadOnlySpan<byte> body, string apiKey, string apiSecret, DateTimeOffset now, TimeSpan lifetime) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = apiKey,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)) },
            SigningCredentials = new SigningCredentials(SigningKey(apiSecret), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>
    /// The API secret as an HMAC key. Microsoft.IdentityModel refuses HMAC keys under 256 bits, but
    /// LiveKit accepts shorter secrets; HMAC pads a short key with zero bytes to its block size
    /// (RFC 2104), so padding it to 32 bytes first gives exactly the same signatures.
    /// </summary>
    private static SymmetricSecurityKey SigningKey(string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        if (key.Length < 32) Array.Resize(ref key, 32);
        return new SymmetricSecurityKey(key);
    }

    private static string Reason(Exception? error) => error switch
    {
        SecurityTokenInvalidAlgorithmException => "not HS256",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "bad signature",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not yet valid",
        SecurityTokenNoExpirationException => "no expiry",
        SecurityTokenMalformedException => "malformed JWT",
        null => "invalid token",
        _ => $"invalid token ({error.GetType().Name})",
    };
}
