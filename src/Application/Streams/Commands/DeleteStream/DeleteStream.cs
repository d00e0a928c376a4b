using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.DeleteStream;

/// <summary>Deletes a class nobody paid for (or a cancelled one whose refunds are done).</summary>
[Authorize(Policy = Policies.StreamOwner)]
public record DeleteStreamCommand(Guid StreamId) : IRequest<string>;

public class DeleteStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, IStreamingProvider streaming, IBlobStorage blobs, TimeProvider clock)
    : IRequestHandler<DeleteStreamCommand, string>
{
    public async Task<string> Handle(DeleteStreamCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        // Failed seats of the last day still count: the reconciliation job watches them for a
        // charge that landed late, and deleting the class would delete them with it.
        var watchFrom = clock.GetUtcNow().AddDays(-1);
        var hasPaidSeats = await db.Enrollments.AnyAsync(
            e => e.StreamId == stream.Id && e.TokensPaid > 0
                 && (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Pending
                     || (e.Status == EnrollmentStatus.Failed && e.CreatedAt >= watchFrom)),
            cancellationToken);
        stream.EnsureCanDelete(hasPaidSeats);
        // The provider's live input goes first; if it cannot be deleted the class stays (and can be deleted again).
        await db.DeleteLiveInputAsync(streaming, stream.Id, cancellationToken);

        db.Streams.Remove(stream); // enrollments go with it (cascade); ledger lines stay, they are history
        await db.SaveChangesAsync(cancellationToken);
        if (stream.ThumbnailPath is { } thumbnail) await blobs.DeleteAsync(thumbnail, cancellationToken);
        return stream.Title;
    }
}
