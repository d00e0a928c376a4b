using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Live.Commands.UploadRecordingChunk;
using Streaming.Application.Live.Replay;

namespace Streaming.Web.Controllers;

/// <summary>
/// The broadcast page's recording upload: <c>POST /live/{streamId}/recording/chunks/{index}</c>
/// with the chunk's bytes as the body (<c>video/webm</c> or <c>application/octet-stream</c>).
/// 201 stored, 200 already stored (same bytes), 409 different bytes / gap / not live, 413 too large,
/// 404 someone else's class, 401 anonymous — always a problem body.
/// </summary>
/// <remarks>
/// No antiforgery token, like WHEP: a cross-site page cannot send <c>video/webm</c> or
/// <c>application/octet-stream</c> without a CORS preflight (never granted); the cookie is SameSite=Lax.
/// </remarks>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("live/{streamId:guid}/recording")]
public class LiveRecordingController(IMediator mediator, IOptions<ReplayOptions> options) : Controller
{
    private static readonly string[] ChunkTypes = ["video/webm", "audio/webm", "application/octet-stream"];

    [HttpPost("chunks/{index:int}")]
    [RequestSizeLimit(64 * 1024 * 1024)]
    public async Task<IActionResult> UploadChunk(Guid streamId, int index, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
            return LiveController.LiveProblem(StatusCodes.Status401Unauthorized, "Log in first", "Log in to record this class.");
        var type = Request.ContentType?.Split(';')[0].Trim();
        if (type is null || !ChunkTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            return LiveController.LiveProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the chunk as video/webm.");
        if (index < 0) return LiveController.LiveProblem(StatusCodes.Status400BadRequest, "Invalid index", "A chunk index cannot be negative.");

        var max = options.Value.MaxChunkBytes;
        if (Request.ContentLength > max) return TooLarge(max);
        var content = await ReadBodyAsync(max, cancellationToken);
        if (content is null) return TooLarge(max);
        if (content.Length == 0) return LiveController.LiveProblem(StatusCodes.Status400BadRequest, "Empty chunk", "The chunk is empty.");

        ChunkUploadResult result;
        try
        {
            result = await mediator.Send(new UploadRecordingChunkCommand(streamId, index, content), cancellationToken);
        }
        catch (NotFoundException)
        {
            return LiveController.LiveProblem(StatusCodes.Status404NotFound, "Not found", "No such class of yours.");
        }
        catch (ForbiddenAccessException e)
        {
            return LiveController.LiveProblem(StatusCodes.Status403Forbidden, "Forbidden", e.Message);
        }

        var answer = new { index, nextIndex = result.NextIndex };
        switch (result.Outcome)
        {
            case ChunkUploadOutcome.Stored:
                return StatusCode(StatusCodes.Status201Created, answer);
            case ChunkUploadOutcome.Duplicate:
                return Ok(answer);
            case ChunkUploadOutcome.Invalid:
                return LiveController.LiveProblem(StatusCodes.Status400BadRequest, "Invalid chunk", result.Message!);
            default:
                var (title, reason) = result.Outcome switch
                {
                    ChunkUploadOutcome.Gap => ("Out of order", "gap"),
                    ChunkUploadOutcome.DifferentContent => ("Different content", "different-content"),
                    _ => ("Not live", "not-live"),
                };
                var problem = LiveController.LiveProblem(StatusCodes.Status409Conflict, title, result.Message!, reason);
                ((ProblemDetails)problem.Value!).Extensions["nextIndex"] = result.NextIndex;
                return problem;
        }
    }

    private static ObjectResult TooLarge(int max) =>
        LiveController.LiveProblem(StatusCodes.Status413PayloadTooLarge, "Chunk too large",
            $"A recording chunk may be at most {max / (1024 * 1024.0):0.#} MiB.");

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private async Task<byte[]?> ReadBodyAsync(int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var block = new byte[81920];
        int read;
        while ((read = await Request.Body.ReadAsync(block, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(block, 0, read);
        }

        return buffer.ToArray();
    }
}
