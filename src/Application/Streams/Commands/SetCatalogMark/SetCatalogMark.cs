using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.SetCatalogMark;

/// <summary>"Keep for the workout catalog" on the dashboard (or taking it back). The class's instructor or a super admin; anyone else gets 404.</summary>
[Authorize(Policy = Policies.StreamOwner)]
public sealed record SetCatalogMarkCommand(Guid StreamId, bool Keep) : IRequest<string>;

public class SetCatalogMarkHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<SetCatalogMarkCommand, string>
{
    public async Task<string> Handle(SetCatalogMarkCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        stream.MarkForCatalog(request.Keep, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return stream.Title;
    }
}
