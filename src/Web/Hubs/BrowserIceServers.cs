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

    public IReadOnlyList<IceServer> For(string userId)
    {
        var local = options.Value.Local;
        if (options.Value.Provider != StreamingProviderKind.Local) return [];
        return local.IceServers.Select(server =>
        {
            if (!string.IsNullOrEmpty(server.Username)) return new IceServer(server.Urls, server.Username, server.Credential);
            if (!server.IsTurn || string.IsNullOrEmpty(local.TurnSecret)) return new IceServer(server.Urls);
            var username = $"{clock.GetUtcNow().Add(local.TurnCredentialLifetime).ToUnixTimeSeconds()}:{userId}";
            return new IceServer(server.Urls, username, TurnCredential(local.TurnSecret, username));
        }).ToList();
    }

    /// <summary>The list as JSON for a <c>data-ice-servers</c> attribute; null when there is none (direct connections only).</summary>
    public string? JsonFor(string userId) => For(userId) is { Count: > 0 } servers ? JsonSerializer.Serialize(servers, Json) : null;

    public static string TurnCredential(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
