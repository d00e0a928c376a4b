using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.UpdateTokenPack;

/// <summary>A super admin changes a pack. Purchases already made keep what they bought.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class UpdateTokenPackCommand : TokenPackForm, IRequest<Unit>
{
    public Guid Id { get; set; }
}

public class UpdateTokenPackHandler(IApplicationDbContext db, TimeProvider clock) : IRequestHandler<UpdateTokenPackCommand, Unit>
{
    public async Task<Unit> Handle(UpdateTokenPackCommand request, CancellationToken cancellationToken)
    {
        var pack = await db.TokenPacks.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPack), request.Id);
        pack.Change(request.Name, request.Tokens, Money.FromDecimal(request.Price, request.Currency), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public class UpdateTokenPackValidator : TokenPackFormValidator<UpdateTokenPackCommand>;
