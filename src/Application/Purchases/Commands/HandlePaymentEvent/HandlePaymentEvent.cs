using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;

namespace Streaming.Application.Purchases.Commands.HandlePaymentEvent;

/// <summary>
/// A webhook call from the payment provider (Stripe). The signature is checked first
/// (<see cref="IPaymentWebhooks"/>; a bad one throws and nothing is read). Then:
/// a finished or expired checkout is read back from the provider and settled; a refund or dispute
/// is applied to the purchase it names. Repeats and late arrivals change nothing (settlements are
/// idempotent, refund totals only grow, older dispute states are ignored).
/// </summary>
public record HandlePaymentEventCommand(string Body, string? Signature) : IRequest<PaymentEventOutcome>;

public enum PaymentEventOutcome
{
    Applied,

    /// <summary>Not about a purchase of this app (another product on the same account, an event we do not use).</summary>
    Ignored,
}

public class HandlePaymentEventHandler(
    IApplicationDbContext db, IPaymentWebhooks webhooks, IPaymentProvider provider, PurchaseSettlement settlement, ILogger<HandlePaymentEventHandler> logger)
    : IRequestHandler<HandlePaymentEventCommand, PaymentEventOutcome>
{
    public async Task<PaymentEventOutcome> Handle(HandlePaymentEventCommand request, CancellationToken cancellationToken)
    {
        var payment = webhooks.Read(request.Body, request.Signature);
        var purchaseId = payment.Kind switch
        {
            PaymentEventKind.CheckoutCompleted or PaymentEventKind.CheckoutExpired when payment.SessionId is { } session =>
                await db.TokenPurchases.Where(p => p.CheckoutSessionId == session).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken),
            PaymentEventKind.Refunded or PaymentEventKind.Dispute when payment.PaymentReference is { } reference =>
                await db.TokenPurchases.Where(p => p.PaymentReference == reference).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken),
            _ => null,
        };
        if (purchaseId is not { } id)
        {
            // A refund of a payment not yet recorded here is not lost: completing it reads the refunds back.
            logger.LogInformation("Payment event {EventId} ({Type}) is not about a purchase here; ignored", payment.Id, payment.Type);
            return PaymentEventOutcome.Ignored;
        }

        var facts = payment.Kind switch
        {
            PaymentEventKind.CheckoutCompleted or PaymentEventKind.CheckoutExpired =>
                PaymentFacts.From(await provider.GetCheckoutAsync(payment.SessionId!, cancellationToken)),
            PaymentEventKind.Refunded => new PaymentFacts(RefundedMinorUnits: payment.RefundedMinorUnits),
            _ => new PaymentFacts(Dispute: payment.Dispute),
        };
        var purchase = await settlement.ApplyAsync(id, facts, cancellationToken);
        logger.LogInformation("Payment event {EventId} ({Type}) applied to purchase {PurchaseId}: {Status}, {Outcome}",
            payment.Id, payment.Type, id, purchase.Status, purchase.Outcome);
        return PaymentEventOutcome.Applied;
    }
}
