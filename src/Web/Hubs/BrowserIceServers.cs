using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;

namespace Streaming.Web.Hubs;

/// <summary>
/// The local provider's <c>iceServers</c> for one user's browser, as the broadcast and watch pages
/// hand them to <c>RTCPeerConnection</c>: STUN entries and TURN entries with fixed credentials as
/// configured; a TURN entry without a username gets the TURN REST API's time-limited credentials
/// (username <c>{expiry unix seconds}:{user id}</c>, credential base64 HMAC-SHA1 of it under
/// <c>Streaming:Local:TurnSecret</c>), which coturn checks with <c>use-auth-secret</c>.
/// </summary>
public sealed class BrowserIceServers(IOptions<LiveOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

    /// <summary>
    /// The list, and when its TURN credentials expire (unix seconds; null when it has none that
    /// expire): what <c>/live/{streamId}/ice-servers</c> answers, so that a page open for longer than
    /// <c>Streaming:Local:TurnCredentialLifetime</c> gets new ones before it connects.
    /// </summary>
    public sealed record Issued(IReadOnlyList<IceServer> IceServers, long? Expires);

    public Issued For(string userId)
    {
        var local = options.Value.Local;
        if (options.Value.Provider != StreamingProviderKind.Local) return new Issued([], null);
        var expires = clock.GetUtcNow().Add(local.TurnCredentialLifetime).ToUnixTimeSeconds();
        var minted = false;
        var servers = local.IceServers.Select(server =>
        {
            if (!string.IsNullOrEmpty(server.Username)) return new IceServer(server.Urls, server.Username, server.Credential);
            if (!server.IsTurn || string.IsNullOrEmpty(local.TurnSecret)) return new IceServer(server.Urls);
            minted = true;
            var username = $"{expires}:{userId}";
            return new IceServer(server.Urls, username, TurnCredential(local.TurnSecret, username));
        }).ToList();
        return new Issued(servers, minted ? expires : null);
    }

    /// <summary>
    /// What the broadcast and watch pages carry: the list as JSON for <c>data-ice-servers</c> (null
    /// when there is none: direct connections only) and the credentials' expiry for
    /// <c>data-ice-servers-expire</c>.
    /// </summary>
    public (string? Json, long? Expires) ForPage(string userId)
    {
        var issued = For(userId);
        return (issued.IceServers.Count > 0 ? ToJson(issued.IceServers) : null, issued.Expires);
    }

    /// <summary>camelCase, nulls left out (an RTCIceServer's absent username is not the text "null").</summary>
    public static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    public static string TurnCredential(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
