using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;

namespace Streaming.Application.Purchases.Queries.GetBuyTokensLink;

/// <summary>
/// The "Buy tokens" link for something that costs <see cref="Price"/> tokens: shown only when the
/// balance is short of it, and saying by how much (<see cref="WebPurchases.Link"/>). Price 0: a plain link.
/// </summary>
/// <param name="ReturnUrl">The page to come back to after buying (the class being enrolled in).</param>
/// <param name="Balance">The balance when the caller knows it (saves asking the ledger).</param>
public record GetBuyTokensLinkQuery(int Price, string? ReturnUrl, int? Balance = null) : IRequest<BuyTokensLinkDto>;

public class GetBuyTokensLinkHandler(ICurrentUser currentUser, ITokenLedger ledger, WebPurchases webPurchases)
    : IRequestHandler<GetBuyTokensLinkQuery, BuyTokensLinkDto>
{
    public async Task<BuyTokensLinkDto> Handle(GetBuyTokensLinkQuery request, CancellationToken cancellationToken)
    {
        if (request.Price <= 0) return webPurchases.Link(0, request.ReturnUrl);

        var balance = request.Balance
            ?? (currentUser.Id is { } memberId ? (await ledger.GetBalanceAsync(memberId, cancellationToken)).Balance : null);
        // An unknown balance (ledger down) says nothing about a shortfall: no link rather than a wrong number.
        var shortfall = balance is { } known ? Math.Max(0, request.Price - known) : 0;
        return shortfall == 0 ? new BuyTokensLinkDto(null, 0, false) : webPurchases.Link(shortfall, request.ReturnUrl);
    }
}
