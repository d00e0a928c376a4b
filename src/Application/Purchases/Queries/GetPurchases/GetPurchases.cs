using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Purchases.Queries.GetPurchases;

/// <summary>/admin/purchases: every purchase, newest first, filtered in the query string.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class GetPurchasesQuery : IRequest<PurchasesPageDto>
{
    public const int PageSize = 25;

    /// <summary>all, paid, refunded, not-recovered, pending.</summary>
    public string? Show { get; set; }

    /// <summary>Part of the member's email or name.</summary>
    public string? Search { get; set; }

    public int Page { get; set; } = 1;
}

/// <param name="NotRecoveredTokens">All tokens that were refunded or disputed after being spent (what the balance could not give back).</param>
public record PurchasesPageDto(PaginatedList<PurchaseRowDto> Purchases, int NotRecoveredTokens, int NotRecoveredPurchases, string ProviderName);

public record PurchaseRowDto(
    Guid Id, DateTimeOffset CreatedAt, string MemberEmail, string MemberName, string PackName, int Tokens, Money Amount, string Provider,
    PurchaseStatus Status, PurchaseOutcome Outcome, Money Refunded, string? DisputeStatus, int TokensTakenBack, int TokensNotRecovered,
    DateTimeOffset? RefundRequestedAt, bool CanRefund)
{
    /// <param name="providerName">Only purchases paid through the provider configured now can be refunded from here.</param>
    public static PurchaseRowDto From(TokenPurchase p, string email, string name, string providerName) =>
        new(p.Id, p.CreatedAt, email, name, p.PackName, p.Tokens, p.Amount, p.Provider, p.Status, p.Outcome,
            new Money(p.RefundedMinorUnits, p.Currency), p.DisputeStatus, p.TokensTakenBack, p.TokensNotRecovered, p.RefundRequestedAt,
            p.RefundableMinorUnits > 0 && p.Provider == providerName);
}

public class GetPurchasesHandler(IApplicationDbContext db, IPaymentProvider provider)
    : IRequestHandler<GetPurchasesQuery, PurchasesPageDto>
{
    public async Task<PurchasesPageDto> Handle(GetPurchasesQuery request, CancellationToken cancellationToken)
    {

        var rows = from p in db.TokenPurchases.AsNoTracking()
                   join m in db.Profiles.AsNoTracking() on p.MemberId equals m.Id
                   select new { Purchase = p, m.Email, m.DisplayName };
        rows = request.Show switch
        {
            "paid" => rows.Where(r => r.Purchase.Status == PurchaseStatus.Completed),
            "refunded" => rows.Where(r => r.Purchase.RefundedMinorUnits > 0 || r.Purchase.DisputedMinorUnits > 0),
            "not-recovered" => rows.Where(r => r.Purchase.TokensNotRecovered > 0),
            "pending" => rows.Where(r => r.Purchase.Status == PurchaseStatus.Pending),
            _ => rows,
        };
        if (SearchText.ToLikePattern(request.Search) is { } pattern)
            rows = rows.Where(r => EF.Functions.Like(r.Email.ToLower(), pattern, "\\") || EF.Functions.Like(r.DisplayName.ToLower(), pattern, "\\"));

        var total = await rows.CountAsync(cancellationToken);
        var page = Paging.ClampPage(request.Page, total, GetPurchasesQuery.PageSize);
        var found = await rows.OrderByDescending(r => r.Purchase.CreatedAt).ThenByDescending(r => r.Purchase.Id)
            .Skip((page - 1) * GetPurchasesQuery.PageSize).Take(GetPurchasesQuery.PageSize)
            .ToListAsync(cancellationToken);
        var notRecovered = await db.TokenPurchases.Where(p => p.TokensNotRecovered > 0)
            .GroupBy(_ => 1).Select(g => new { Tokens = g.Sum(p => p.TokensNotRecovered), Count = g.Count() })
            .SingleOrDefaultAsync(cancellationToken);

        var items = found.Select(r => PurchaseRowDto.From(r.Purchase, r.Email, r.DisplayName, provider.Name)).ToList();
        return new PurchasesPageDto(new PaginatedList<PurchaseRowDto>(items, page, GetPurchasesQuery.PageSize, total),
            notRecovered?.Tokens ?? 0, notRecovered?.Count ?? 0, provider.Name);
    }
}
