using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Payments;

/// <summary>Payments:Provider=None: tokens are not sold here. Pages never offer it; a forged request gets this message.</summary>
public sealed class UnavailablePaymentProvider : IPaymentProvider, IPaymentWebhooks
{
    private const string Message = "Tokens are not sold on this site.";

    public string Name => "None";

    public Task<CheckoutSession> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) =>
        throw new PaymentProviderException(Message, isTransient: false);

    public Task<CheckoutState> GetCheckoutAsync(string sessionId, CancellationToken cancellationToken) =>
        throw new PaymentProviderException(Message, isTransient: false);

    public Task<PaymentRefund> RefundAsync(PaymentRefundRequest request, CancellationToken cancellationToken) =>
        throw new PaymentProviderException(Message, isTransient: false);

    public PaymentEvent Read(string body, string? signatureHeader) =>
        throw new PaymentWebhookRejectedException("This site receives no payment webhooks (Payments:Provider is not Stripe).");
}
