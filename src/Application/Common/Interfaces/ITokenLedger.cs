namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Where members' tokens live: the built-in PostgreSQL ledger, or the existing token backend
/// the iOS app uses (HTTP). Every change carries an idempotency key: calling again with the same
/// key returns the first result and never moves tokens twice.
/// </summary>
public interface ITokenLedger
{
    /// <summary>False when history and grants live elsewhere (the external backend).</summary>
    bool IsBuiltIn { get; }

    Task<LedgerBalance> GetBalanceAsync(string memberId, CancellationToken cancellationToken);

    Task<LedgerResult> DeductAsync(LedgerDeduction deduction, CancellationToken cancellationToken);

    Task<LedgerResult> RefundAsync(LedgerRefund refund, CancellationToken cancellationToken);

    /// <summary>
    /// The deduction made with this idempotency key, if there was one: lets a reconciliation
    /// step learn whether a payment happened without paying again.
    /// </summary>
    Task<LedgerLookup> FindDeductionAsync(string memberId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Adds tokens (super admin grants; built-in ledger only).</summary>
    Task<LedgerResult> GrantAsync(LedgerGrant grant, CancellationToken cancellationToken);

    /// <summary>Adds tokens someone paid for (web purchases; built-in ledger only). The key is the checkout's.</summary>
    Task<LedgerResult> CreditPurchaseAsync(LedgerPurchaseCredit credit, CancellationToken cancellationToken);

    /// <summary>
    /// Takes tokens back because the money for them went back (built-in ledger only): as many as the
    /// balance holds, up to the amount, never below zero. A repeated key returns the first result.
    /// </summary>
    Task<LedgerTakeBackResult> TakeBackAsync(LedgerTakeBack takeBack, CancellationToken cancellationToken);

    /// <summary>The member's latest ledger lines, newest first (built-in ledger only; empty otherwise).</summary>
    Task<IReadOnlyList<LedgerEntry>> GetHistoryAsync(string memberId, int take, CancellationToken cancellationToken);
}

public sealed record LedgerDeduction(string MemberId, int Amount, string Reason, Guid StreamId, string IdempotencyKey);

public sealed record LedgerRefund(string MemberId, int Amount, string OriginalTransactionId, string Reason, Guid StreamId, string IdempotencyKey);

public sealed record LedgerGrant(string MemberId, int Amount, string Reason, string IdempotencyKey);

public sealed record LedgerPurchaseCredit(string MemberId, int Amount, string Reason, string IdempotencyKey);

public sealed record LedgerTakeBack(string MemberId, int Amount, string Reason, string IdempotencyKey);

/// <param name="Taken">How many tokens were taken (fewer than asked when the member had spent them).</param>
public sealed record LedgerTakeBackResult(LedgerOutcome Outcome, int Taken, int? Balance = null, string? Message = null)
{
    public bool Succeeded => Outcome == LedgerOutcome.Succeeded;
}

public enum LedgerOutcome
{
    /// <summary>The tokens moved (or had already moved under this idempotency key).</summary>
    Succeeded,

    /// <summary>Definitely not moved: the balance is too low.</summary>
    InsufficientBalance,

    /// <summary>Definitely not moved: the ledger refused the request (bad input, unknown member…).</summary>
    Rejected,

    /// <summary>Unknown: the ledger failed or did not answer in time. Retry with the same key.</summary>
    Unavailable,
}

public sealed record LedgerResult(LedgerOutcome Outcome, string? TransactionId = null, int? Balance = null, string? Message = null)
{
    public bool Succeeded => Outcome == LedgerOutcome.Succeeded;

    public static LedgerResult Success(string transactionId, int? balance) => new(LedgerOutcome.Succeeded, transactionId, balance);

    public static LedgerResult Insufficient(int? balance, string message) => new(LedgerOutcome.InsufficientBalance, null, balance, message);

    public static LedgerResult Rejected(string message) => new(LedgerOutcome.Rejected, Message: message);

    public static LedgerResult Unavailable(string message) => new(LedgerOutcome.Unavailable, Message: message);
}

public sealed record LedgerBalance(int? Balance, string? Error = null)
{
    public bool IsKnown => Balance.HasValue;
}

/// <summary>Found: the transaction id. NotFound: no deduction was made. Unknown: the ledger could not tell.</summary>
public sealed record LedgerLookup(LedgerLookupOutcome Outcome, string? TransactionId = null);

public enum LedgerLookupOutcome
{
    Found,
    NotFound,
    Unknown,
}

public sealed record LedgerEntry(
    string TransactionId, DateTimeOffset CreatedAt, string Kind, int Amount, string Reason, Guid? StreamId, int BalanceAfter);
