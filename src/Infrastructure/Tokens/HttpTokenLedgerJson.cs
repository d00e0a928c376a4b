namespace Streaming.Infrastructure.Tokens;

// The token service's JSON (camelCase; unknown properties are ignored). See HttpTokenLedger for the contract.

internal sealed record TokenMetadata(Guid StreamId);

internal sealed record DeductRequest(int Amount, string Reason, TokenMetadata Metadata);

internal sealed record RefundRequest(string OriginalTransactionId, int Amount, string Reason, TokenMetadata Metadata);

internal sealed record BalanceResponse(int? Balance);

/// <summary>The answer to deduct and refund, and the error body of any other call.</summary>
internal sealed record WriteResponse(
    bool? Success, int? NewBalance, string? TransactionId, int? Balance, string? Error, string? Message);

internal sealed record LookupResponse(string? TransactionId, int? Amount);
