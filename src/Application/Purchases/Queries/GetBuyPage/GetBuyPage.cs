using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.Queries.GetBuyPage;

/// <summary>/tokens/buy: the active packs (by currency, then smallest first) and the balance.</summary>
/// <param name="Need">How many more tokens the member needs (from "Buy tokens — you need 3 more").</param>
/// <param name="ReturnUrl">The page to come back to after paying; only this app's own pages are kept.</param>
public record GetBuyPageQuery(int? Need, string? ReturnUrl) : IRequest<BuyPageDto>;

/// <param name="RequestId">A fresh id for the buy forms: submitting one twice opens one checkout.</param>
public record BuyPageDto(
    bool Enabled, bool IsDemo, string? ExternalUrl, int? Balance, int Need, string? ReturnUrl, Guid RequestId, IReadOnlyList<TokenPackOfferDto> Packs);

/// <param name="Covers">The pack alone gives the member what they need.</param>
public record TokenPackOfferDto(Guid Id, string Name, int Tokens, Money Price, bool Covers);

public class GetBuyPageHandler(IApplicationDbContext db, ICurrentUser currentUser, ITokenLedger ledger, WebPurchases webPurchases)
    : IRequestHandler<GetBuyPageQuery, BuyPageDto>
{
    public async Task<BuyPageDto> Handle(GetBuyPageQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to buy tokens.");
        var returnUrl = request.ReturnUrl is { Length: <= TokenPurchase.ReturnUrlMaxLength } url && TokenPurchase.IsAppRelative(url) ? url : null;
        var need = Math.Clamp(request.Need ?? 0, 0, TokenPack.MaxTokens);
        if (!webPurchases.Enabled)
            return new BuyPageDto(false, false, webPurchases.ExternalUrl, null, need, returnUrl, Guid.NewGuid(), []);

        var balance = (await ledger.GetBalanceAsync(memberId, cancellationToken)).Balance;
        var packs = await db.TokenPacks.AsNoTracking().Where(p => p.IsActive).ToListAsync(cancellationToken);
        var offers = packs
            .OrderBy(p => p.Currency).ThenBy(p => p.Tokens).ThenBy(p => p.PriceMinorUnits)
            .Select(p => new TokenPackOfferDto(p.Id, p.Name, p.Tokens, p.Price, need > 0 && p.Tokens >= need))
            .ToList();
        return new BuyPageDto(true, webPurchases.IsDemo, null, balance, need, returnUrl, Guid.NewGuid(), offers);
    }
}
