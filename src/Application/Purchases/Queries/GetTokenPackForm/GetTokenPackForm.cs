using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Commands.UpdateTokenPack;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetTokenPackForm;

/// <summary>The edit form of a pack, filled in.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record GetTokenPackFormQuery(Guid Id) : IRequest<UpdateTokenPackCommand>;

public class GetTokenPackFormHandler(IApplicationDbContext db) : IRequestHandler<GetTokenPackFormQuery, UpdateTokenPackCommand>
{
    public async Task<UpdateTokenPackCommand> Handle(GetTokenPackFormQuery request, CancellationToken cancellationToken)
    {
        var pack = await db.TokenPacks.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPack), request.Id);
        return new UpdateTokenPackCommand
        {
            Id = pack.Id, Name = pack.Name, Tokens = pack.Tokens, Price = pack.Price.ToDecimal(), Currency = pack.Currency,
        };
    }
}
