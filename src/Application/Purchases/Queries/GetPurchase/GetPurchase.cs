using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Queries.GetPurchases;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetPurchase;

/// <summary>One purchase for the super admin's refund confirmation, with the member's balance now.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record GetPurchaseQuery(Guid Id) : IRequest<PurchaseDetailsDto>;

public record PurchaseDetailsDto(PurchaseRowDto Purchase, Money Refundable, int TokensToTakeBack, int? MemberBalance);

public class GetPurchaseHandler(IApplicationDbContext db, IPaymentProvider provider, ITokenLedger ledger)
    : IRequestHandler<GetPurchaseQuery, PurchaseDetailsDto>
{
    public async Task<PurchaseDetailsDto> Handle(GetPurchaseQuery request, CancellationToken cancellationToken)
    {
        var found = await (from p in db.TokenPurchases.AsNoTracking()
                           join m in db.Profiles.AsNoTracking() on p.MemberId equals m.Id
                           where p.Id == request.Id
                           select new { Purchase = p, m.Email, m.DisplayName }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.Id);
        var purchase = found.Purchase;
        var balance = (await ledger.GetBalanceAsync(purchase.MemberId, cancellationToken)).Balance;
        var tokensBack = purchase.Tokens - purchase.TokensTakenBack - purchase.TokensNotRecovered;
        return new PurchaseDetailsDto(PurchaseRowDto.From(purchase, found.Email, found.DisplayName, provider.Name),
            new Money(purchase.RefundableMinorUnits, purchase.Currency), Math.Max(0, tokensBack), balance);
    }
}
