using Microsoft.EntityFrameworkCore.Diagnostics;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// The real ledger, with a hook that runs once just before the first deduction or refund goes
/// through: lets a test put another request exactly into the window between a handler reading
/// its rows and the ledger moving tokens — the interleaving a busy production server produces
/// by chance. Nothing is faked: the hook and the ledger both hit PostgreSQL.
/// </summary>
internal sealed class InterleavingLedger(ITokenLedger inner) : ITokenLedger
{
    private int _fired;

    public Func<Task>? BeforeDeduct { get; init; }

    public Func<Task>? BeforeRefund { get; init; }

    public bool IsBuiltIn => inner.IsBuiltIn;

    public Task<LedgerBalance> GetBalanceAsync(string memberId, CancellationToken cancellationToken) =>
        inner.GetBalanceAsync(memberId, cancellationToken);

    public async Task<LedgerResult> DeductAsync(LedgerDeduction deduction, CancellationToken cancellationToken)
    {
        await FireOnceAsync(BeforeDeduct);
        return await inner.DeductAsync(deduction, cancellationToken);
    }

    public async Task<LedgerResult> RefundAsync(LedgerRefund refund, CancellationToken cancellationToken)
    {
        await FireOnceAsync(BeforeRefund);
        return await inner.RefundAsync(refund, cancellationToken);
    }

    public Task<LedgerLookup> FindDeductionAsync(string memberId, string idempotencyKey, CancellationToken cancellationToken) =>
        inner.FindDeductionAsync(memberId, idempotencyKey, cancellationToken);

    public Task<LedgerResult> GrantAsync(LedgerGrant grant, CancellationToken cancellationToken) => inner.GrantAsync(grant, cancellationToken);

    public Task<LedgerResult> CreditPurchaseAsync(LedgerPurchaseCredit credit, CancellationToken cancellationToken) =>
        inner.CreditPurchaseAsync(credit, cancellationToken);

    public Task<LedgerTakeBackResult> TakeBackAsync(LedgerTakeBack takeBack, CancellationToken cancellationToken) =>
        inner.TakeBackAsync(takeBack, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> GetHistoryAsync(string memberId, int take, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(memberId, take, cancellationToken);

    private async Task FireOnceAsync(Func<Task>? hook)
    {
        if (hook is not null && Interlocked.Exchange(ref _fired, 1) == 0) await hook();
    }
}

/// <summary>
/// Runs a hook once, just before a SaveChanges that activates an enrollment: the moment a second
/// tab (or the reconciliation job) can settle the same seat.
/// </summary>
internal sealed class BeforeActivationSave(Func<Task> hook) : SaveChangesInterceptor
{
    private int _fired;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var activates = eventData.Context!.ChangeTracker.Entries<Enrollment>()
            .Any(e => e.State == EntityState.Modified && e.Entity.Status == EnrollmentStatus.Active);
        if (activates && Interlocked.Exchange(ref _fired, 1) == 0) await hook();
        return result;
    }
}
