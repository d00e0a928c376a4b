using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// Opens a link shared with "anyone with the link", for whoever holds it (no sign-in): the link is
/// the permission, checked on every request. An unknown token (or a product outside
/// <c>Recordings:Products</c>) is a 404; a link turned off, expired, or whose recording is gone is a 410 saying so.
/// </summary>
public static class SharedLinks
{
    public static async Task<(RecordingShare Share, RecordingSource Source)> OpenAsync(
        IApplicationDbContext db, string token, DateTimeOffset now, RecordingsOptions options, CancellationToken cancellationToken)
    {
        var share = token.Length == RecordingShare.TokenLength
            ? await db.RecordingShares.AsNoTracking().SingleOrDefaultAsync(s => s.Token == token, cancellationToken)
            : null;
        if (share is null || !options.VisibleProducts.Contains(share.Product)) throw new NotFoundException("Shared link", "(token)");

        switch (share.StateAt(now))
        {
            case ShareState.Revoked: throw new GoneException("This link was turned off by the person who shared it.");
            case ShareState.Expired: throw new GoneException($"This link expired on {share.ExpiresAt:d MMMM yyyy, HH:mm} UTC.");
        }

        var source = await RecordingSources.FindSharedAsync(db, share.ItemType.ToKind(), share.ItemId, cancellationToken);
        if (source?.HasFile != true) throw new GoneException("The recording behind this link is no longer available.");
        return (share, source);
    }
}
