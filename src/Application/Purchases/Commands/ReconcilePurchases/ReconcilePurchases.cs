using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.Commands.ReconcilePurchases;

/// <summary>
/// The safety net for a payment nobody reported: the member closed the tab after paying and the
/// webhook is missing or failing. Checkouts still pending after Payments:ReconcileAfter (and at most
/// two days old: providers expire them within one) are read back from the provider and settled.
/// Safe on several instances at once: settlements lock the purchase and are idempotent.
/// </summary>
public record ReconcilePurchasesCommand(int BatchSize = 100) : IRequest<ReconcilePurchasesReport>;

public record ReconcilePurchasesReport(int Completed, int Expired, int StillOpen, int Unreachable, string? LastError = null);

public class ReconcilePurchasesHandler(
    IApplicationDbContext db, IPaymentProvider provider, PurchaseSettlement settlement, WebPurchases webPurchases,
    IOptions<PaymentOptions> options, TimeProvider clock, ILogger<ReconcilePurchasesHandler> logger)
    : IRequestHandler<ReconcilePurchasesCommand, ReconcilePurchasesReport>
{
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(2);

    public async Task<ReconcilePurchasesReport> Handle(ReconcilePurchasesCommand request, CancellationToken cancellationToken)
    {
        if (!webPurchases.Enabled) return new ReconcilePurchasesReport(0, 0, 0, 0);
        var now = clock.GetUtcNow();
        var (from, before) = (now - LookBack, now - options.Value.ReconcileAfter);
        var stale = await db.TokenPurchases.AsNoTracking()
            .Where(p => p.Status == PurchaseStatus.Pending && p.CheckoutSessionId != null && p.Provider == provider.Name
                        && p.CreatedAt >= from && p.CreatedAt < before)
            .OrderBy(p => p.CreatedAt).Take(request.BatchSize)
            .Select(p => new { p.Id, p.CheckoutSessionId })
            .ToListAsync(cancellationToken);

        int completed = 0, expired = 0, open = 0, unreachable = 0;
        string? lastError = null;
        foreach (var purchase in stale)
        {
            try
            {
                var settled = await settlement.ApplyAsync(purchase.Id,
                    PaymentFacts.From(await provider.GetCheckoutAsync(purchase.CheckoutSessionId!, cancellationToken)), cancellationToken);
                _ = settled.Status switch
                {
                    PurchaseStatus.Completed => ++completed,
                    PurchaseStatus.Expired => ++expired,
                    _ => ++open,
                };
            }
            catch (PaymentProviderException ex)
            {
                unreachable++;
                lastError = $"Purchase {purchase.Id}: {ex.Message}";
                logger.LogWarning("Purchase {PurchaseId} could not be checked: {Message}", purchase.Id, ex.Message);
            }
        }

        return new ReconcilePurchasesReport(completed, expired, open, unreachable, lastError);
    }
}
