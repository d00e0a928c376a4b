namespace Streaming.Domain.Tokens;

/// <summary>One line of the append-only ledger. Never updated, never deleted.</summary>
public class TokenTransaction
{
    public const int ReasonMaxLength = 200;
    public const int IdempotencyKeyMaxLength = 255;

    private TokenTransaction()
    {
    }

    internal TokenTransaction(string memberId, int amount, TokenTransactionKind kind, string reason,
        Guid? streamId, string idempotencyKey, int balanceAfter, DateTimeOffset now)
    {
        MemberId = memberId;
        Amount = amount;
        Kind = kind;
        Reason = reason;
        StreamId = streamId;
        IdempotencyKey = idempotencyKey;
        BalanceAfter = balanceAfter;
        CreatedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string MemberId { get; private set; } = default!;

    /// <summary>Positive for grants, purchases and refunds; negative for enrollments.</summary>
    public int Amount { get; private set; }

    public TokenTransactionKind Kind { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>The class this transaction paid for or refunded, if any.</summary>
    public Guid? StreamId { get; private set; }

    /// <summary>Unique per account: a retried request finds its first result instead of paying twice.</summary>
    public string IdempotencyKey { get; private set; } = default!;

    public int BalanceAfter { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
