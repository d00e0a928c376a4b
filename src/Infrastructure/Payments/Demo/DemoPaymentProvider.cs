using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Payments.Demo;

/// <summary>
/// A payment provider for the default run, with no card form and no money: its checkout is a page
/// of this app (<c>/demo-checkout/{session}</c>, labelled as a demo) whose "Pay" button marks the
/// session paid. It keeps its sessions like a provider would (its own table), answers the same
/// questions as Stripe, and refuses to work in Production (start-up refuses it there too).
/// </summary>
public sealed class DemoPaymentProvider(IDbContextFactory<ApplicationDbContext> contexts, TimeProvider clock, IHostEnvironment? environment = null)
    : IPaymentProvider, IDemoCheckout
{
    public const string ProviderName = "Demo";
    public const string SessionPrefix = "demo_cs_";
    private const string PaymentPrefix = "demo_pay_";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public string Name => ProviderName;

    public static string CheckoutPage(string sessionId) => $"/demo-checkout/{Uri.EscapeDataString(sessionId)}";

    public async Task<CheckoutSession> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        EnsureAllowed();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = $"{SessionPrefix}{request.PurchaseId:N}";
        var now = clock.GetUtcNow();
        // Like a provider's idempotency keys: the same key opens the same session, also when two requests race.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO demo_checkout_sessions (id, idempotency_key, purchase_id, amount_minor_units, currency, refunded_minor_units, created_at, expires_at)
            VALUES ({id}, {request.IdempotencyKey}, {request.PurchaseId}, {request.Amount.MinorUnits}, {request.Amount.Currency}, 0, {now}, {now + SessionLifetime})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        var session = await db.Set<DemoCheckoutSession>().AsNoTracking().SingleAsync(s => s.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        return new CheckoutSession(session.Id, CheckoutPage(session.Id));
    }

    public async Task<CheckoutState> GetCheckoutAsync(string sessionId, CancellationToken cancellationToken)
    {
        EnsureAllowed();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await FindAsync(db, sessionId, cancellationToken);
        var status = session.PaidAt is not null ? CheckoutStatus.Paid
            : session.IsExpired(clock.GetUtcNow()) ? CheckoutStatus.Expired
            : CheckoutStatus.Open;
        return new CheckoutState(status, session.PaidAt is null ? null : PaymentPrefix + session.Id[SessionPrefix.Length..], session.RefundedMinorUnits);
    }

    public async Task<PaymentRefund> RefundAsync(PaymentRefundRequest request, CancellationToken cancellationToken)
    {
        EnsureAllowed();
        if (!request.PaymentReference.StartsWith(PaymentPrefix, StringComparison.Ordinal))
            throw new PaymentProviderException("The demo checkout knows no such payment.", isTransient: false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await FindAsync(db, SessionPrefix + request.PaymentReference[PaymentPrefix.Length..], cancellationToken, track: true);
        if (session.PaidAt is null) throw new PaymentProviderException("The demo checkout was never paid.", isTransient: false);
        // Refunds never exceed what was paid, so a repeated request gives nothing back twice.
        session.Refund(request.Amount.MinorUnits);
        await db.SaveChangesAsync(cancellationToken);
        return new PaymentRefund($"demo_re_{request.IdempotencyKey}", PaymentRefundStatus.Succeeded, request.Amount.MinorUnits);
    }

    public async Task MarkPaidAsync(string sessionId, CancellationToken cancellationToken)
    {
        EnsureAllowed();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await FindAsync(db, sessionId, cancellationToken, track: true);
        if (session.IsExpired(clock.GetUtcNow())) throw new PaymentProviderException("This demo checkout has expired. Choose a pack again.", isTransient: false);
        session.MarkPaid(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<DemoCheckoutSession> FindAsync(ApplicationDbContext db, string sessionId, CancellationToken cancellationToken, bool track = false)
    {
        var sessions = track ? db.Set<DemoCheckoutSession>() : db.Set<DemoCheckoutSession>().AsNoTracking();
        return await sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            ?? throw new PaymentProviderException("The demo checkout knows no such session.", isTransient: false);
    }

    private void EnsureAllowed()
    {
        if (environment?.IsProduction() == true)
            throw new PaymentProviderException("The demo checkout takes no money and is refused in Production.", isTransient: false);
    }
}
