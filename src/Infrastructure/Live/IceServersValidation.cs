using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Streaming.Application.Live.Common;

namespace Streaming.Infrastructure.Live;

/// <summary>
/// <c>Streaming:Local:IceServers</c> at start-up: every URL a <c>stun:</c>, <c>stuns:</c>,
/// <c>turn:</c> or <c>turns:</c> URI (RFC 7064, RFC 7065), a username only with its credential,
/// and every TURN entry with credentials of its own or <c>Streaming:Local:TurnSecret</c> to make them.
/// </summary>
public sealed partial class IceServersValidation : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var local = options.Local;
        var failures = new List<string>();
        for (var i = 0; i < local.IceServers.Count; i++)
        {
            var server = local.IceServers[i];
            var at = $"Streaming:Local:IceServers:{i}";
            if (server.Urls.Count == 0) failures.Add($"{at}:Urls needs at least one stun: or turn: URL.");
            failures.AddRange(server.Urls.Select((url, j) => (url, j)).Where(u => !IceUrl().IsMatch(u.url ?? ""))
                .Select(u => $"{at}:Urls:{u.j} is \"{u.url}\", not a stun:, stuns:, turn: or turns: URL (e.g. stun:stun.example.com:3478)."));
            if (string.IsNullOrEmpty(server.Username) != string.IsNullOrEmpty(server.Credential))
                failures.Add($"{at} needs both Username and Credential, or neither.");
            if (server.IsTurn && string.IsNullOrEmpty(server.Username) && string.IsNullOrEmpty(local.TurnSecret))
                failures.Add($"{at}:Urls:{server.Urls.FindIndex(IceServerOptions.IsTurnUrl)} is a TURN server without credentials: set {at}:Username and Credential, or Streaming:Local:TurnSecret (the TURN server's shared secret).");
        }

        if (local.TurnCredentialLifetime < TimeSpan.FromMinutes(5) || local.TurnCredentialLifetime > TimeSpan.FromDays(7))
            failures.Add("Streaming:Local:TurnCredentialLifetime must be between 5 minutes and 7 days.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^(stuns?|turns?):[^\s/?#@]+(:\d{1,5})?(\?transport=(udp|tcp))?$", RegexOptions.IgnoreCase)]
    private static partial Regex IceUrl();
}
