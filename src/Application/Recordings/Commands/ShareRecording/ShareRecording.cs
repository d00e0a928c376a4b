using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.ShareRecording;

/// <summary>
/// The owner (or a super admin) opens a recording or clip to "anyone with the link", lasting
/// <see cref="ExpiresInDays"/> days or (null) until turned off. An active link keeps its address and
/// takes the new expiry; an expired one is replaced by a new link. A video gets a preview frame
/// (FFmpeg) for link previews; without one the link still works.
/// </summary>
[Authorize(Policy = Policies.RecordingOwner)]
public record ShareRecordingCommand(string? Type, Guid Id, int? ExpiresInDays) : IRequest<ShareLinkDto>;

public class ShareRecordingHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, IFrameGrabber frames, IAppLinks links,
    TimeProvider clock, IOptions<RecordingsOptions> options, ILogger<ShareRecordingHandler> logger)
    : IRequestHandler<ShareRecordingCommand, ShareLinkDto>
{
    public async Task<ShareLinkDto> Handle(ShareRecordingCommand request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), kind, request.Id, cancellationToken);
        if (!source.HasFile) throw new DomainException(source.Clip is null ? "This recording has no file yet." : "The clip is not ready yet.");
        try
        {
            return await ShareAsync(request, kind, source, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Shared from two tabs at once: one link won (unique index); take it with this expiry.
            db.DiscardChanges();
            return await ShareAsync(request, kind, source, cancellationToken);
        }
    }

    private async Task<ShareLinkDto> ShareAsync(ShareRecordingCommand request, RecordingKind kind, RecordingSource source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? expiresAt = request.ExpiresInDays is { } days ? now.AddDays(days) : null;

        var share = await RecordingShares.OpenShareAsync(db, kind, source.Id, cancellationToken);
        if (share?.StateAt(now) == ShareState.Active)
        {
            share.ChangeExpiry(expiresAt, now);
            await db.SaveChangesAsync(cancellationToken);
            return Dto(share);
        }

        var stalePreview = share?.Revoke(now); // an expired link stays dead; the new one has a new address
        if (share is not null) await db.SaveChangesAsync(cancellationToken);
        share = RecordingShare.Create(kind.ToSharedType(), source.Id, source.Product, source.OwnerId, expiresAt, now);
        db.RecordingShares.Add(share);
        await db.SaveChangesAsync(cancellationToken);
        if (stalePreview is not null) await storage.DeleteAsync(stalePreview, cancellationToken);

        // After the link exists (FFmpeg takes a moment, and a second tab must find this link meanwhile).
        if (await SharePreviews.MakeAsync(source, share, storage, frames, logger, cancellationToken) is { } preview)
        {
            share.SetPreview(preview);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Dto(share);
    }

    private ShareLinkDto Dto(RecordingShare share) => new(links.SharedRecording(share.Token), share.ExpiresAt, share.PreviewPath is not null);
}
