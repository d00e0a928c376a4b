using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Commands.UpdateStream;
using Streaming.Application.Streams.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Queries.GetEditForm;

/// <summary>The edit form of the caller's own class, its start shown in <see cref="TimeZone"/>.</summary>
[Authorize(Policy = Policies.StreamOwner)]
public record GetEditFormQuery(Guid Id, string? TimeZone) : IRequest<UpdateStreamCommand>;

public class GetEditFormHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetEditFormQuery, UpdateStreamCommand>
{
    public async Task<UpdateStreamCommand> Handle(GetEditFormQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.Id, cancellationToken);
        return StreamForms.Fill(new UpdateStreamCommand { Id = stream.Id }, stream, stream.ScheduledStart, request.TimeZone);
    }
}
