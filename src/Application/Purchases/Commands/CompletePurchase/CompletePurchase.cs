using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.CompletePurchase;

/// <summary>
/// The browser came back from the checkout (the success URL). Nothing in the URL is trusted: the
/// provider is asked what happened, and a paid checkout is credited here unless the webhook was
/// first (then this finds it done). Only the member who bought sees their purchase (404 otherwise).
/// </summary>
[Authorize(Policy = Policies.PurchaseOwner, Resource = nameof(CompletePurchaseCommand.PurchaseId))]
public record CompletePurchaseCommand(Guid PurchaseId) : IRequest<PurchaseStatusDto>;

/// <param name="Unconfirmed">The provider did not answer: the purchase may be paid, and will be credited when it says so.</param>
public record PurchaseStatusDto(
    Guid Id, PurchaseStatus Status, string PackName, int Tokens, Money Amount, string? ReturnUrl, int? Balance, bool Unconfirmed);

public class CompletePurchaseHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IPaymentProvider provider, PurchaseSettlement settlement, ITokenLedger ledger)
    : IRequestHandler<CompletePurchaseCommand, PurchaseStatusDto>
{
    public async Task<PurchaseStatusDto> Handle(CompletePurchaseCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var purchase = await db.TokenPurchases.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PurchaseId && p.MemberId == memberId, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), request.PurchaseId);

        var unconfirmed = false;
        if (purchase.Status == PurchaseStatus.Pending && purchase.CheckoutSessionId is { } session)
        {
            try
            {
                var state = await provider.GetCheckoutAsync(session, cancellationToken);
                purchase = await settlement.ApplyAsync(purchase.Id, PaymentFacts.From(state), cancellationToken);
            }
            catch (PaymentProviderException)
            {
                unconfirmed = true;
            }
        }

        var balance = purchase.Status == PurchaseStatus.Completed ? (await ledger.GetBalanceAsync(memberId, cancellationToken)).Balance : null;
        return new PurchaseStatusDto(purchase.Id, purchase.Status, purchase.PackName, purchase.Tokens, purchase.Amount, purchase.ReturnUrl, balance, unconfirmed);
    }
}
