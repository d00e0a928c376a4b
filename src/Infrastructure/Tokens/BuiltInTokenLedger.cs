using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Tokens;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Tokens;

/// <summary>
/// The default ledger: token accounts and an append-only transaction table in PostgreSQL.
/// Each change runs in its own short transaction (its own DbContext, like an external service
/// would), holding the account row lock (<c>FOR UPDATE</c>) so concurrent requests queue up and
/// the balance never goes negative; the (member, idempotency key) unique index makes a retry
/// return the first result.
/// </summary>
public sealed class BuiltInTokenLedger(IDbContextFactory<ApplicationDbContext> contexts, TimeProvider clock) : ITokenLedger
{
    public bool IsBuiltIn => true;

    public async Task<LedgerBalance> GetBalanceAsync(string memberId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var balance = await db.TokenAccounts.Where(a => a.MemberId == memberId).Select(a => (int?)a.Balance)
            .SingleOrDefaultAsync(cancellationToken);
        return new LedgerBalance(balance ?? 0);
    }

    public Task<LedgerResult> DeductAsync(LedgerDeduction deduction, CancellationToken cancellationToken) =>
        ChangeAsync(deduction.MemberId, deduction.IdempotencyKey, -deduction.Amount, cancellationToken,
            (account, now) => account.Debit(deduction.Amount, deduction.Reason, deduction.StreamId, deduction.IdempotencyKey, now));

    public Task<LedgerResult> RefundAsync(LedgerRefund refund, CancellationToken cancellationToken) =>
        ChangeAsync(refund.MemberId, refund.IdempotencyKey, refund.Amount, cancellationToken,
            (account, now) => account.Credit(refund.Amount, TokenTransactionKind.Refund, refund.Reason, refund.StreamId, refund.IdempotencyKey, now));

    public Task<LedgerResult> GrantAsync(LedgerGrant grant, CancellationToken cancellationToken) =>
        ChangeAsync(grant.MemberId, grant.IdempotencyKey, grant.Amount, cancellationToken,
            (account, now) => account.Credit(grant.Amount, TokenTransactionKind.Grant, grant.Reason, null, grant.IdempotencyKey, now));

    public Task<LedgerResult> CreditPurchaseAsync(LedgerPurchaseCredit credit, CancellationToken cancellationToken) =>
        ChangeAsync(credit.MemberId, credit.IdempotencyKey, credit.Amount, cancellationToken,
            (account, now) => account.Credit(credit.Amount, TokenTransactionKind.Purchase, credit.Reason, null, credit.IdempotencyKey, now));

    public async Task<LedgerTakeBackResult> TakeBackAsync(LedgerTakeBack takeBack, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await LockAccountAsync(db, takeBack.MemberId, clock.GetUtcNow(), cancellationToken);

        var earlier = await db.TokenTransactions.AsNoTracking()
            .SingleOrDefaultAsync(t => t.MemberId == takeBack.MemberId && t.IdempotencyKey == takeBack.IdempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            return earlier.Kind == TokenTransactionKind.Reversal
                ? new LedgerTakeBackResult(LedgerOutcome.Succeeded, -earlier.Amount, account.Balance)
                : new LedgerTakeBackResult(LedgerOutcome.Rejected, 0, Message: "This request was already used for another change.");
        }

        try
        {
            var (line, taken) = account.TakeBack(takeBack.Amount, takeBack.Reason, takeBack.IdempotencyKey, clock.GetUtcNow());
            if (line is not null) db.TokenTransactions.Add(line);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new LedgerTakeBackResult(LedgerOutcome.Succeeded, taken, account.Balance);
        }
        catch (DomainException ex)
        {
            return new LedgerTakeBackResult(LedgerOutcome.Rejected, 0, Message: ex.Message);
        }
    }

    public async Task<LedgerLookup> FindDeductionAsync(string memberId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.TokenTransactions
            .Where(t => t.MemberId == memberId && t.IdempotencyKey == idempotencyKey && t.Kind == TokenTransactionKind.Enrollment)
            .Select(t => (Guid?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);
        return id is { } found ? new LedgerLookup(LedgerLookupOutcome.Found, found.ToString()) : new LedgerLookup(LedgerLookupOutcome.NotFound);
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetHistoryAsync(string memberId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.TokenTransactions.AsNoTracking()
            .Where(t => t.MemberId == memberId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken);
        return rows.Select(t => new LedgerEntry(t.Id.ToString(), t.CreatedAt, t.Kind.ToString(), t.Amount, t.Reason, t.StreamId, t.BalanceAfter))
            .ToList();
    }

    private async Task<LedgerResult> ChangeAsync(
        string memberId, string idempotencyKey, int signedAmount, CancellationToken cancellationToken, Func<TokenAccount, DateTimeOffset, TokenTransaction> change)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        var account = await LockAccountAsync(db, memberId, now, cancellationToken);

        var earlier = await db.TokenTransactions.AsNoTracking()
            .SingleOrDefaultAsync(t => t.MemberId == memberId && t.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            // A key names one change: reusing it for another amount is a mistake, not a retry.
            return earlier.Amount == signedAmount
                ? LedgerResult.Success(earlier.Id.ToString(), account.Balance)
                : LedgerResult.Rejected("This request was already used for a different amount.");
        }

        try
        {
            var line = change(account, now);
            db.TokenTransactions.Add(line);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return LedgerResult.Success(line.Id.ToString(), account.Balance);
        }
        catch (InsufficientTokensException ex)
        {
            return LedgerResult.Insufficient(ex.Balance, ex.Message);
        }
        catch (DomainException ex)
        {
            return LedgerResult.Rejected(ex.Message);
        }
    }

    /// <summary>The member's account (opened at zero if new), its row locked until the transaction ends.</summary>
    private static async Task<TokenAccount> LockAccountAsync(ApplicationDbContext db, string memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO token_accounts (member_id, balance, created_at, updated_at) VALUES ({memberId}, 0, {now}, {now}) ON CONFLICT (member_id) DO NOTHING",
            cancellationToken);
        return await db.TokenAccounts
            .FromSqlInterpolated($"SELECT * FROM token_accounts WHERE member_id = {memberId} FOR UPDATE")
            .SingleAsync(cancellationToken);
    }
}
