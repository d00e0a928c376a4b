using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;

namespace Streaming.Application.Purchases.Commands.CreateTokenPack;

/// <summary>A super admin offers a new pack on /tokens/buy.</summary>
public class CreateTokenPackCommand : TokenPackForm, IRequest<Guid>;

public class CreateTokenPackHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<CreateTokenPackCommand, Guid>
{
    public async Task<Guid> Handle(CreateTokenPackCommand request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(Roles.SuperAdmin)) throw new ForbiddenAccessException();
        var pack = TokenPack.Create(request.Name, request.Tokens, Money.FromDecimal(request.Price, request.Currency), clock.GetUtcNow());
        db.TokenPacks.Add(pack);
        await db.SaveChangesAsync(cancellationToken);
        return pack.Id;
    }
}

public class CreateTokenPackValidator : TokenPackFormValidator<CreateTokenPackCommand>;
