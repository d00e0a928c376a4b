using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Purchases;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Commands.StartPurchase;

/// <summary>
/// The member chose a pack: open the provider's checkout and send the browser there. The buy
/// form's <see cref="RequestId"/> makes a double click (or Back and submit again) one purchase and
/// one checkout: the provider gets the purchase's own idempotency key.
/// </summary>
[Authorize]
public class StartPurchaseCommand : IRequest<string>
{
    public Guid PackId { get; set; }

    public Guid RequestId { get; set; }

    /// <summary>The page to come back to after paying (the class being enrolled in).</summary>
    public string? ReturnUrl { get; set; }
}

public class StartPurchaseHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IPaymentProvider provider, WebPurchases webPurchases,
    IAppLinks links, IOptions<PaymentOptions> options, TimeProvider clock, ILogger<StartPurchaseHandler> logger)
    : IRequestHandler<StartPurchaseCommand, string>
{
    public async Task<string> Handle(StartPurchaseCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to buy tokens.");
        if (!webPurchases.Enabled) throw new DomainException("Tokens are not sold on this site.");

        var purchase = await FindOrStartAsync(request, memberId, cancellationToken);
        if (purchase.Status == PurchaseStatus.Completed) return PurchaseLinks.Success(links, options.Value, purchase.Id);
        if (purchase.Status != PurchaseStatus.Pending) throw new DomainException("That checkout is over. Choose a pack to start a new one.");

        var email = await db.Profiles.Where(p => p.Id == memberId).Select(p => p.Email).SingleOrDefaultAsync(cancellationToken);
        try
        {
            var session = await provider.StartCheckoutAsync(new CheckoutRequest(purchase.Id, $"{purchase.Tokens} tokens — {purchase.PackName}",
                purchase.Amount, email, PurchaseLinks.Success(links, options.Value, purchase.Id), PurchaseLinks.Cancel(links, options.Value, purchase.Id),
                $"checkout:{purchase.Id}"), cancellationToken);
            purchase.AttachCheckout(session.SessionId, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return session.RedirectUrl;
        }
        catch (PaymentProviderException ex)
        {
            logger.LogWarning("Checkout for purchase {PurchaseId} did not start: {Message}", purchase.Id, ex.Message);
            purchase.FailToStart(ex.Message, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw new PaymentProviderException($"{ex.Message} Nothing was charged; please try again.", ex.IsTransient);
        }
    }

    private async Task<TokenPurchase> FindOrStartAsync(StartPurchaseCommand request, string memberId, CancellationToken cancellationToken)
    {
        var existing = await db.TokenPurchases.SingleOrDefaultAsync(p => p.MemberId == memberId && p.RequestId == request.RequestId, cancellationToken);
        if (existing is not null) return existing;

        var pack = await db.TokenPacks.SingleOrDefaultAsync(p => p.Id == request.PackId, cancellationToken)
            ?? throw new ValidationException(nameof(request.PackId), "Choose one of the packs.");
        var purchase = TokenPurchase.Start(memberId, pack, provider.Name, request.RequestId, request.ReturnUrl, clock.GetUtcNow());
        db.TokenPurchases.Add(purchase);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return purchase;
        }
        catch (DbUpdateException)
        {
            // The same form submitted twice at once: the other request made the purchase.
            db.DiscardChanges();
            return await db.TokenPurchases.SingleAsync(p => p.MemberId == memberId && p.RequestId == request.RequestId, cancellationToken);
        }
    }
}
