using System.Diagnostics;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Queries.GetWatch;
using Streaming.Domain.Streams;
using Streaming.Web.Hubs;
using Streaming.Web.Infrastructure.RateLimiting;

namespace Streaming.Web.Controllers;

/// <summary>
/// WHEP for the local provider: <c>POST /live/{streamId}/whep</c> (application/sdp offer) →
/// 201 + SDP answer + Location; <c>PATCH</c> on the Location trickles the viewer's later ICE
/// candidates; <c>DELETE</c> hangs up. The offer is relayed to
/// the instructor's broadcast page (<see cref="IWhepSignalling"/>), on whichever app instance it is connected to. Errors are problem bodies.
/// </summary>
/// <remarks>
/// No antiforgery token: standard WHEP players cannot send one, and a cross-site page cannot send
/// <c>application/sdp</c> without a CORS preflight (which this app never grants); the auth cookie is SameSite=Lax.
/// </remarks>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("live/{streamId:guid}/whep")]
public class LiveController(IMediator mediator, IWhepSignalling relay, IOptions<LiveOptions> options) : Controller
{
    public const int MaxOfferBytes = 64 * 1024;

    [HttpPost("")]
    [RateLimited(RateLimitPolicies.WhepOffer)]
    public async Task<IActionResult> Offer(Guid streamId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (User.Identity?.IsAuthenticated != true) return Problem401();
        if (Request.ContentType?.Split(';')[0].Trim().Equals("application/sdp", StringComparison.OrdinalIgnoreCase) != true)
            return LiveProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the SDP offer as application/sdp.");
        if (options.Value.Provider != StreamingProviderKind.Local)
            return LiveProblem(StatusCodes.Status404NotFound, "Not found", "This class is played from the streaming service, not from this app.");

        var watch = await mediator.Send(new GetWatchQuery(streamId), cancellationToken);
        var checkedAccess = Stopwatch.GetTimestamp();
        if (!watch.IsAllowed) return LiveProblem(StatusCodes.Status403Forbidden, "Forbidden", "Only members enrolled in this class can watch it.");
        if (watch.Status != StreamStatus.Live)
            return LiveProblem(StatusCodes.Status409Conflict, "Not live", $"The class is {watch.Status.ToString().ToLowerInvariant()}, not live.", "not-live");

        var offer = await ReadOfferAsync(cancellationToken);
        if (offer is null) return LiveProblem(StatusCodes.Status413PayloadTooLarge, "Offer too large", $"An SDP offer may be at most {MaxOfferBytes / 1024} KiB.");
        if (!offer.StartsWith("v=0", StringComparison.Ordinal) || !offer.Contains("m=", StringComparison.Ordinal))
            return LiveProblem(StatusCodes.Status400BadRequest, "Invalid offer", "The body is not an SDP offer.");

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var relayed = Stopwatch.GetTimestamp();
        var result = await relay.OfferAsync(streamId, userId, offer, cancellationToken);
        // Where the viewer's wait went (the browser shows it in the request's timing): checking the
        // member's access, then the instructor's page answering through the relay.
        Response.Headers["Server-Timing"] =
            $"access;dur={Ms(started, checkedAccess)}, read;dur={Ms(checkedAccess, relayed)}, relay;dur={Ms(relayed, Stopwatch.GetTimestamp())}";
        switch (result.Outcome)
        {
            case WhepOutcome.Answered:
                Response.Headers.Location = Url.Action(nameof(Hangup), new { streamId, sessionId = result.SessionId });
                return new ContentResult { StatusCode = StatusCodes.Status201Created, ContentType = "application/sdp", Content = result.AnswerSdp };
            case WhepOutcome.Full:
                Response.Headers.RetryAfter = "20";
                return LiveProblem(StatusCodes.Status503ServiceUnavailable, "Class is full in local mode",
                    $"This class is full in local mode: the instructor's browser serves at most {relay.MaxViewers} viewers. " +
                    "We will try again when a spot frees up.", "full");
            case WhepOutcome.TooManyForMember:
                return LiveProblem(StatusCodes.Status409Conflict, "Already watching",
                    $"You are already watching this class on {LocalWhepRelay.MaxSessionsPerMember} devices. Close one to watch here.", "too-many");
            case WhepOutcome.Timeout:
                Response.Headers.RetryAfter = "3";
                return LiveProblem(StatusCodes.Status503ServiceUnavailable, "No answer",
                    "The instructor's browser did not answer in time. Retrying…", "timeout");
            case WhepOutcome.Rejected:
                Response.Headers.RetryAfter = "5";
                return LiveProblem(StatusCodes.Status503ServiceUnavailable, "Refused", result.Message ?? "The instructor's browser refused the connection.", "rejected");
            default:
                Response.Headers.RetryAfter = "2";
                return LiveProblem(StatusCodes.Status503ServiceUnavailable, "Not broadcasting",
                    "The class is live but the instructor's camera is not connected right now. Retrying…", "not-broadcasting");
        }
    }

    [HttpDelete("{sessionId:guid}")]
    public async Task<IActionResult> Hangup(Guid streamId, Guid sessionId)
    {
        if (User.Identity?.IsAuthenticated != true) return Problem401();
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        return await relay.EndSessionAsync(streamId, sessionId, userId)
            ? NoContent()
            : LiveProblem(StatusCodes.Status404NotFound, "Not found", "No such viewing session.");
    }

    /// <summary>
    /// Trickle ICE (WHEP <c>PATCH</c> on the session, <c>application/trickle-ice-sdpfrag</c>): the
    /// viewer's candidates found after its offer go to the broadcaster's page, which adds them to
    /// that viewer's connection. With STUN/TURN servers configured this is how the instructor learns
    /// the viewer's public and relay addresses. Only the session's own member may send them; ICE
    /// restarts are not supported (the player reconnects with a new offer instead).
    /// </summary>
    [HttpPatch("{sessionId:guid}")]
    [RateLimited(RateLimitPolicies.WhepOffer)] // a few per connection; each is relayed to the instructor's page
    public async Task<IActionResult> Trickle(Guid streamId, Guid sessionId, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true) return Problem401();
        if (Request.ContentType?.Split(';')[0].Trim().Equals("application/trickle-ice-sdpfrag", StringComparison.OrdinalIgnoreCase) != true)
            return LiveProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the candidates as application/trickle-ice-sdpfrag.");
        var body = await ReadBodyAsync(TrickleFragment.MaxBytes, cancellationToken);
        if (body is null) return LiveProblem(StatusCodes.Status413PayloadTooLarge, "Too large", $"A candidate fragment may be at most {TrickleFragment.MaxBytes / 1024} KiB.");
        if (TrickleFragment.Parse(body) is not { } fragment)
            return LiveProblem(StatusCodes.Status400BadRequest, "Invalid candidates",
                $"The body is not a trickle-ICE fragment (RFC 8840): a=mid, a=candidate (at most {TrickleFragment.MaxCandidates}) and a=end-of-candidates lines.");

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        return await relay.TrickleAsync(streamId, sessionId, userId, fragment)
            ? NoContent()
            : LiveProblem(StatusCodes.Status404NotFound, "Not found", "No such viewing session.");
    }

    /// <summary>
    /// New STUN/TURN entries for the signed-in user's browser (<c>{ iceServers, expires }</c>, never
    /// cached): a class's broadcast and watch pages ask for them before a connection when the TURN
    /// credentials they were rendered with expire within minutes (<c>data-ice-servers-expire</c>),
    /// so a page left open for longer than <c>Streaming:Local:TurnCredentialLifetime</c> still
    /// connects through TURN. Only for those the pages were: the class's instructor and its enrolled
    /// members, while it is scheduled or live (a TURN relay is not for any account to use).
    /// </summary>
    [HttpGet("/live/{streamId:guid}/ice-servers")]
    public async Task<IActionResult> IceServers(Guid streamId, [FromServices] BrowserIceServers iceServers, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true) return Problem401();
        if (options.Value.Provider != StreamingProviderKind.Local)
            return LiveProblem(StatusCodes.Status404NotFound, "Not found", "Classes are played from the streaming service, not from this app.");
        var watch = await mediator.Send(new GetWatchQuery(streamId), cancellationToken);
        if (!watch.IsAllowed) return LiveProblem(StatusCodes.Status403Forbidden, "Forbidden", "Only the instructor and the members enrolled in this class can connect to it.");
        if (watch.Status is not (StreamStatus.Scheduled or StreamStatus.Live))
            return LiveProblem(StatusCodes.Status409Conflict, "Not live", $"The class is {watch.Status.ToString().ToLowerInvariant()}.", "not-live");
        Response.Headers.CacheControl = "no-store";
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        return Content(BrowserIceServers.ToJson(iceServers.For(userId)), "application/json");
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxOfferBytes"/>.</summary>
    private Task<string?> ReadOfferAsync(CancellationToken cancellationToken) => ReadBodyAsync(MaxOfferBytes, cancellationToken);

    /// <summary>The body as text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private async Task<string?> ReadBodyAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await Request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0) total += read;
        return total > maxBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string Ms(long from, long to) =>
        Stopwatch.GetElapsedTime(from, to).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private ObjectResult Problem401() =>
        LiveProblem(StatusCodes.Status401Unauthorized, "Log in first", "Log in to watch this class.");

    internal static ObjectResult LiveProblem(int status, string title, string detail, string? reason = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (reason is not null) problem.Extensions["reason"] = reason;
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
