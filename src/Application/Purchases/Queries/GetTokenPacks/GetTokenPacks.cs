using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetTokenPacks;

/// <summary>/admin/token-packs: every pack, active ones first, with how often each was bought.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record GetTokenPacksQuery : IRequest<IReadOnlyList<TokenPackRowDto>>;

public record TokenPackRowDto(Guid Id, string Name, int Tokens, Money Price, bool IsActive, int TimesBought);

public class GetTokenPacksHandler(IApplicationDbContext db) : IRequestHandler<GetTokenPacksQuery, IReadOnlyList<TokenPackRowDto>>
{
    public async Task<IReadOnlyList<TokenPackRowDto>> Handle(GetTokenPacksQuery request, CancellationToken cancellationToken)
    {
        var packs = await db.TokenPacks.AsNoTracking()
            .OrderByDescending(p => p.IsActive).ThenBy(p => p.Currency).ThenBy(p => p.Tokens)
            .Select(p => new
            {
                Pack = p,
                Bought = db.TokenPurchases.Count(t => t.PackId == p.Id && t.Status == PurchaseStatus.Completed),
            })
            .ToListAsync(cancellationToken);
        return packs.Select(p => new TokenPackRowDto(p.Pack.Id, p.Pack.Name, p.Pack.Tokens, p.Pack.Price, p.Pack.IsActive, p.Bought)).ToList();
    }
}
