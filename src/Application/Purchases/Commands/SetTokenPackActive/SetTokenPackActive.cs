using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.SetTokenPackActive;

/// <summary>A super admin stops (or resumes) offering a pack. Packs are never deleted: purchases name them.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record SetTokenPackActiveCommand(Guid Id, bool Active) : IRequest<string>;

public class SetTokenPackActiveHandler(IApplicationDbContext db, TimeProvider clock) : IRequestHandler<SetTokenPackActiveCommand, string>
{
    public async Task<string> Handle(SetTokenPackActiveCommand request, CancellationToken cancellationToken)
    {
        var pack = await db.TokenPacks.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPack), request.Id);
        if (request.Active) pack.Enable(clock.GetUtcNow());
        else pack.Disable(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return pack.Name;
    }
}
