using System.Text.RegularExpressions;

namespace Streaming.Web.Hubs;

/// <summary>One ICE candidate for <c>RTCPeerConnection.addIceCandidate</c>: the line without its <c>a=</c>, and the media section it belongs to.</summary>
public sealed record TrickleCandidate(string Candidate, string? SdpMid);

/// <summary>
/// A WHEP trickle-ICE body (<c>application/trickle-ice-sdpfrag</c>, RFC 8840): the viewer's
/// candidates found after its offer, each under the <c>a=mid:</c> it follows, and whether it has
/// found them all (<c>a=end-of-candidates</c>). Only what a browser's candidate looks like is let
/// through to the broadcaster's page.
/// </summary>
public sealed partial record TrickleFragment(IReadOnlyList<TrickleCandidate> Candidates, bool Ended)
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxCandidates = 50;

    /// <summary>The fragment, or null when it is not one (a line of another kind, a malformed candidate, too many, nothing at all).</summary>
    public static TrickleFragment? Parse(string body)
    {
        var candidates = new List<TrickleCandidate>();
        string? mid = null;
        var ended = false;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) || line.StartsWith("a=ice-pwd:", StringComparison.Ordinal)
                || line.StartsWith("a=ice-options:", StringComparison.Ordinal) || line.StartsWith("m=", StringComparison.Ordinal)
                || line.StartsWith("c=", StringComparison.Ordinal) || line.StartsWith("a=group:", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("a=mid:", StringComparison.Ordinal)) mid = line["a=mid:".Length..];
            else if (line == "a=end-of-candidates") ended = true;
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && Candidate().IsMatch(line[2..]) && candidates.Count < MaxCandidates)
                candidates.Add(new TrickleCandidate(line[2..], mid));
            else return null;
        }

        return candidates.Count > 0 || ended ? new TrickleFragment(candidates, ended) : null;
    }

    // foundation, component, transport, priority, address, port, "typ" and a type, then extensions.
    [GeneratedRegex(@"^candidate:[!-~]{1,32} \d{1,3} (udp|tcp|UDP|TCP) \d{1,10} [0-9A-Za-z.:\-]{1,253} \d{1,5} typ (host|srflx|prflx|relay)( [!-~]{1,256}){0,20}$")]
    private static partial Regex Candidate();
}
