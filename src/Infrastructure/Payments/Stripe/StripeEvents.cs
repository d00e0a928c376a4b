using Stripe;
using Stripe.Checkout;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Payments.Stripe;

/// <summary>Names what a verified Stripe event says about a payment, in the application's terms.</summary>
internal static class StripeEvents
{
    /// <summary>Dispute statuses in which Stripe holds no money from us: a dispute won, or an inquiry (warning_*), which withdraws nothing.</summary>
    private static bool HoldsNoMoney(string status) => status is "won" or "prevented" || status.StartsWith("warning_", StringComparison.Ordinal);

    public static PaymentEvent Describe(Event stripeEvent)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        PaymentEvent Of(PaymentEventKind kind, string? session = null, string? payment = null, long refunded = 0, PaymentDispute? dispute = null) =>
            new(stripeEvent.Id, stripeEvent.Type, kind, session, payment, refunded, dispute);

        return (stripeEvent.Type, stripeEvent.Data?.Object) switch
        {
            (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded, Session session) =>
                Of(PaymentEventKind.CheckoutCompleted, session: session.Id),
            (EventTypes.CheckoutSessionExpired, Session session) => Of(PaymentEventKind.CheckoutExpired, session: session.Id),
            (EventTypes.ChargeRefunded, Charge charge) => Of(PaymentEventKind.Refunded, payment: charge.PaymentIntentId, refunded: charge.AmountRefunded),
            (EventTypes.ChargeDisputeCreated or EventTypes.ChargeDisputeUpdated or EventTypes.ChargeDisputeClosed
                or EventTypes.ChargeDisputeFundsWithdrawn or EventTypes.ChargeDisputeFundsReinstated, Dispute dispute) =>
                Of(PaymentEventKind.Dispute, payment: dispute.PaymentIntentId,
                    dispute: new PaymentDispute(dispute.Status ?? "unknown", dispute.Amount, HoldsNoMoney(dispute.Status ?? ""), created)),
            _ => Of(PaymentEventKind.Ignored),
        };
    }
}
