using Streaming.Domain.Common;

namespace Streaming.Domain.Tokens;

/// <summary>
/// A member's token balance in the built-in ledger. Every change goes through
/// <see cref="Credit"/> or <see cref="Debit"/>, which return the ledger line to append; the
/// balance can never go below zero.
/// </summary>
public class TokenAccount
{
    public const int MaxSingleAmount = 1_000_000;

    private TokenAccount()
    {
    }

    public TokenAccount(string memberId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("A token account needs a member.");
        MemberId = memberId;
        CreatedAt = UpdatedAt = now.ToUniversalTime();
    }

    public string MemberId { get; private set; } = default!;

    public int Balance { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public TokenTransaction Credit(int amount, TokenTransactionKind kind, string reason, Guid? streamId, string idempotencyKey, DateTimeOffset now)
    {
        if (kind is TokenTransactionKind.Enrollment or TokenTransactionKind.Reversal)
            throw new DomainException($"A{(kind == TokenTransactionKind.Enrollment ? "n enrollment" : " reversal")} takes tokens; it cannot add them.");
        EnsureValid(amount, reason, idempotencyKey);
        Balance = checked(Balance + amount);
        return Record(amount, kind, reason, streamId, idempotencyKey, now);
    }

    public TokenTransaction Debit(int amount, string reason, Guid? streamId, string idempotencyKey, DateTimeOffset now)
    {
        EnsureValid(amount, reason, idempotencyKey);
        if (amount > Balance) throw new InsufficientTokensException(Balance, amount);
        Balance -= amount;
        return Record(-amount, TokenTransactionKind.Enrollment, reason, streamId, idempotencyKey, now);
    }

    /// <summary>
    /// Takes back up to <paramref name="amount"/> tokens for money that went back, never more than
    /// the balance: returns the ledger line (none when the balance is zero) and how many were taken.
    /// </summary>
    public (TokenTransaction? Line, int Taken) TakeBack(int amount, string reason, string idempotencyKey, DateTimeOffset now)
    {
        EnsureValid(amount, reason, idempotencyKey);
        var taken = Math.Min(amount, Balance);
        if (taken == 0) return (null, 0);
        Balance -= taken;
        return (Record(-taken, TokenTransactionKind.Reversal, reason, null, idempotencyKey, now), taken);
    }

    private TokenTransaction Record(int signedAmount, TokenTransactionKind kind, string reason, Guid? streamId, string idempotencyKey, DateTimeOffset now)
    {
        UpdatedAt = now.ToUniversalTime();
        return new TokenTransaction(MemberId, signedAmount, kind, reason.Trim(), streamId, idempotencyKey, Balance, now);
    }

    private static void EnsureValid(int amount, string reason, string idempotencyKey)
    {
        if (amount <= 0) throw new DomainException("The amount must be a positive number of tokens.");
        if (amount > MaxSingleAmount) throw new DomainException($"At most {MaxSingleAmount:N0} tokens at a time.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say what the tokens are for.");
        if (reason.Trim().Length > TokenTransaction.ReasonMaxLength)
            throw new DomainException($"The reason must be at most {TokenTransaction.ReasonMaxLength} characters.");
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > TokenTransaction.IdempotencyKeyMaxLength)
            throw new DomainException("Every ledger change needs an idempotency key.");
    }
}
