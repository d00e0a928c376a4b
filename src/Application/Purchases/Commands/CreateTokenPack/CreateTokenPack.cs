using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.CreateTokenPack;

/// <summary>A super admin offers a new pack on /tokens/buy.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class CreateTokenPackCommand : TokenPackForm, IRequest<Guid>;

public class CreateTokenPackHandler(IApplicationDbContext db, TimeProvider clock) : IRequestHandler<CreateTokenPackCommand, Guid>
{
    public async Task<Guid> Handle(CreateTokenPackCommand request, CancellationToken cancellationToken)
    {
        var pack = TokenPack.Create(request.Name, request.Tokens, Money.FromDecimal(request.Price, request.Currency), clock.GetUtcNow());
        db.TokenPacks.Add(pack);
        await db.SaveChangesAsync(cancellationToken);
        return pack.Id;
    }
}

public class CreateTokenPackValidator : TokenPackFormValidator<CreateTokenPackCommand>;
