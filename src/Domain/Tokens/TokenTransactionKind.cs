namespace Streaming.Domain.Tokens;

public enum TokenTransactionKind
{
    Grant = 0,
    Purchase = 1,
    Enrollment = 2,
    Refund = 3,

    /// <summary>Tokens taken back because the money for a purchase went back (refund, dispute).</summary>
    Reversal = 4,
}
