using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// Checks a LiveKit webhook: the <c>Authorization</c> header is a JWT signed HS256 with the API
/// secret, issued by the API key, not expired, whose <c>sha256</c> claim is base64(SHA-256(raw body)).
/// Signatures are compared in constant time.
/// </summary>
public static class LiveKitWebhookVerifier
{
    /// <summary>Null when the request is authentic; otherwise why not (for the log, never for the caller).</summary>
    public static string? Problem(string? authorization, ReadOnlySpan<byte> body, LiveKitOptions options, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(options.ApiKey) || string.IsNullOrEmpty(options.ApiSecret)) return "LiveKit:ApiKey/ApiSecret are not configured";
        if (string.IsNullOrWhiteSpace(authorization)) return "no Authorization header";
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        var parts = token.Split('.');
        if (parts.Length != 3) return "not a JWT";

        byte[] header, payload, signature;
        try
        {
            header = FromBase64Url(parts[0]);
            payload = FromBase64Url(parts[1]);
            signature = FromBase64Url(parts[2]);
        }
        catch (FormatException)
        {
            return "malformed JWT";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.ApiSecret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return "bad signature";

        try
        {
            using var headerJson = JsonDocument.Parse(header);
            if (!headerJson.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256") return "not HS256";
            using var claims = JsonDocument.Parse(payload);
            var root = claims.RootElement;
            if (!root.TryGetProperty("iss", out var iss) || iss.GetString() != options.ApiKey) return "wrong issuer";
            if (!root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires)) return "no expiry";
            if (now > DateTimeOffset.FromUnixTimeSeconds(expires) + options.ClockSkew) return "expired";
            if (root.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var notBefore)
                && now + options.ClockSkew < DateTimeOffset.FromUnixTimeSeconds(notBefore)) return "not yet valid";
            if (!root.TryGetProperty("sha256", out var sha) || sha.GetString() is not { } claimed) return "no body hash";
            var actual = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body)));
            return CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(claimed)) ? null : "body hash mismatch";
        }
        catch (JsonException)
        {
            return "malformed JWT";
        }
    }

    /// <summary>Signs a webhook token as LiveKit does (used by tests and the demo's sender).</summary>
    public static string CreateToken(ReadOnlySpan<byte> body, string apiKey, string apiSecret, DateTimeOffset now, TimeSpan lifetime)
    {
        var header = ToBase64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = apiKey,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
        });
        var payload = ToBase64Url(Encoding.UTF8.GetBytes(claims));
        var signature = ToBase64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - s.Length % 4) % 4), '='));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
