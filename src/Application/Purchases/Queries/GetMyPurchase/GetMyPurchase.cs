using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Commands.CompletePurchase;
using Streaming.Domain.Purchases;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetMyPurchase;

/// <summary>One of the member's own purchases as stored (no provider call): for "checkout cancelled".</summary>
[Authorize(Policy = Policies.PurchaseOwner, Resource = nameof(GetMyPurchaseQuery.PurchaseId))]
public record GetMyPurchaseQuery(Guid PurchaseId) : IRequest<PurchaseStatusDto>;

public class GetMyPurchaseHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetMyPurchaseQuery, PurchaseStatusDto>
{
    public async Task<PurchaseStatusDto> Handle(GetMyPurchaseQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var purchase = await db.TokenPurchases.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PurchaseId && p.MemberId == memberId, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.PurchaseId);
        return new PurchaseStatusDto(purchase.Id, purchase.Status, purchase.PackName, purchase.Tokens, purchase.Amount, purchase.ReturnUrl, null, false);
    }
}
