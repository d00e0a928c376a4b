using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Tokens.Queries.GetTokenOverview;

public record GetTokenOverviewQuery(int Take = 100) : IRequest<TokenOverviewDto>;

/// <param name="TokensFromIosAccount">With the external token service: the provider of the iOS account whose tokens these are, or null (the web account's own).</param>
public record TokenOverviewDto(
    int? Balance, string? BalanceError, bool HistoryAvailable, IReadOnlyList<TokenHistoryLineDto> History, IReadOnlyList<ReceiptDto> Receipts,
    string? TokensFromIosAccount = null);

public record TokenHistoryLineDto(DateTimeOffset Date, string Kind, int Amount, string Reason, Guid? StreamId, string? StreamTitle, int BalanceAfter);

/// <param name="TokensNotRecovered">Refunded tokens that had already been spent (recorded, not taken).</param>
public record ReceiptDto(
    Guid Id, DateTimeOffset Date, string PackName, Money AmountPaid, int TokensCredited, PurchaseOutcome Outcome, Money Refunded,
    int TokensTakenBack, int TokensNotRecovered);

public class GetTokenOverviewHandler(ITokenLedger ledger, ICurrentUser currentUser, IApplicationDbContext db)
    : IRequestHandler<GetTokenOverviewQuery, TokenOverviewDto>
{
    private const int ReceiptLimit = 100;

    public async Task<TokenOverviewDto> Handle(GetTokenOverviewQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var balance = await ledger.GetBalanceAsync(memberId, cancellationToken);
        var history = await ledger.GetHistoryAsync(memberId, request.Take, cancellationToken);

        var streamIds = history.Where(h => h.StreamId.HasValue).Select(h => h.StreamId!.Value).Distinct().ToList();
        var titles = await db.Streams.AsNoTracking().Where(s => streamIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Title, cancellationToken);
        var lines = history.Select(h => new TokenHistoryLineDto(h.CreatedAt, h.Kind, h.Amount, h.Reason, h.StreamId,
            h.StreamId is { } id && titles.TryGetValue(id, out var title) ? title : null, h.BalanceAfter)).ToList();

        var purchases = await db.TokenPurchases.AsNoTracking()
            .Where(p => p.MemberId == memberId && p.Status == PurchaseStatus.Completed)
            .OrderByDescending(p => p.CompletedAt).ThenByDescending(p => p.Id).Take(ReceiptLimit)
            .ToListAsync(cancellationToken);
        var receipts = purchases.Select(p => new ReceiptDto(p.Id, p.CompletedAt!.Value, p.PackName, p.Amount, p.Tokens, p.Outcome,
            new Money(p.RefundedMinorUnits, p.Currency), p.TokensTakenBack, p.TokensNotRecovered)).ToList();

        var iosAccount = ledger.IsBuiltIn
            ? null
            : await db.LedgerIdentities.AsNoTracking().Where(i => i.UserId == memberId).Select(i => i.Provider).SingleOrDefaultAsync(cancellationToken);
        return new TokenOverviewDto(balance.Balance, balance.Error, ledger.IsBuiltIn, lines, receipts, iosAccount);
    }
}
