using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Queries.GetSharePage;

/// <summary>
/// The page a shared link opens. Whoever may see the recording gets the video; an anonymous
/// visitor gets a sign-in prompt (and nothing about the recording); a signed-in user who may not
/// see it, or anyone for a product outside the configured set, gets 404.
/// </summary>
[AllowAnonymous("A shared link's page: anonymous visitors get a sign-in prompt, others what they may see; the handler decides.")]
public record GetSharePageQuery(string? Type, Guid Id) : IRequest<SharePageDto>;

/// <param name="Link">The "anyone with the link" link while it works; null when the recording is private.</param>
/// <param name="LinkExpiredAt">When the last link ran out, if it did (and was not replaced).</param>
public record SharePageDto(
    RecordingKind Kind, Guid Id, bool CanWatch, string? Title, string? Product, double? DurationSeconds, DateTimeOffset? RecordedAt,
    string? FileName, bool IsReady, ShareLinkDto? Link = null, DateTimeOffset? LinkExpiredAt = null);

public class GetSharePageHandler(IApplicationDbContext db, ICurrentUser currentUser, IAppLinks links, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetSharePageQuery, SharePageDto>
{
    public async Task<SharePageDto> Handle(GetSharePageQuery request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        var access = new RecordingAccess(currentUser, options.Value);
        if (currentUser.Id is null)
        {
            if (!await ExistsAsync(access, kind, request.Id, cancellationToken)) throw new NotFoundException("Recording", request.Id);
            return new SharePageDto(kind, request.Id, false, null, null, null, null, null, false);
        }

        var source = await RecordingSources.FindAsync(db, access, kind, request.Id, cancellationToken);
        var share = await RecordingShares.OpenShareAsync(db, kind, source.Id, cancellationToken);
        var active = share?.StateAt(clock.GetUtcNow()) == ShareState.Active;
        return new SharePageDto(kind, source.Id, true, source.Title, source.Product, source.DurationSeconds, source.RecordedAt,
            source.FileName, source.HasFile,
            active ? new ShareLinkDto(links.SharedRecording(share!.Token), share.ExpiresAt, share.PreviewPath is not null) : null,
            active ? null : share?.ExpiresAt);
    }

    /// <summary>Whether a recording of a visible product has this id (whoever owns it).</summary>
    private async Task<bool> ExistsAsync(RecordingAccess access, RecordingKind kind, Guid id, CancellationToken cancellationToken)
    {
        var type = kind.ToRecordingType();
        var product = type is null
            ? await db.RecordingClips.Where(c => c.Id == id).Select(c => c.Product).SingleOrDefaultAsync(cancellationToken)
            : await db.Recordings.Where(r => r.Id == id && r.Kind == type).Select(r => r.Product).SingleOrDefaultAsync(cancellationToken);
        return product is not null && access.IsVisibleProduct(product);
    }
}
