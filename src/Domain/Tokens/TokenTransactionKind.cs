namespace Streaming.Domain.Tokens;

public enum TokenTransactionKind
{
    Grant = 0,
    Purchase = 1,
    Enrollment = 2,
    Refund = 3,
}
