using Streaming.Domain.Common;

namespace Streaming.Domain.Tokens;

public sealed class InsufficientTokensException(int balance, int required)
    : DomainException($"You have {TokenCount.Format(balance)} and this needs {required}.")
{
    public int Balance { get; } = balance;

    public int Required { get; } = required;
}
