using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Queries.GetUserAccount;

/// <summary>One account for a super admin: who it is, its roles, its token balance and latest ledger lines.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record GetUserAccountQuery(string UserId) : IRequest<UserAccountDto>;

public record UserAccountDto(
    string Id,
    string DisplayName,
    string Email,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Roles,
    int? Balance,
    string? BalanceError,
    IReadOnlyList<LedgerEntry> History,
    AccountLockState Lock,
    IReadOnlyList<AccountActionDto> Actions)
{
    public bool IsInstructor => Roles.Contains(Domain.Users.Roles.Instructor);
}

/// <summary>One line of the account's audit trail: what a super admin did, who, when and why.</summary>
public record AccountActionDto(DateTimeOffset At, AccountActionKind Kind, string AdminName, string Reason);

public class GetUserAccountHandler(IApplicationDbContext db, IIdentityService identity, ITokenLedger ledger)
    : IRequestHandler<GetUserAccountQuery, UserAccountDto>
{
    public const int HistoryLength = 50;
    public const int ActionsLength = 50;

    public async Task<UserAccountDto> Handle(GetUserAccountQuery request, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.UserId, cancellationToken)
            ?? throw new NotFoundException("User", request.UserId);

        var roles = await identity.GetRolesAsync([profile.Id], cancellationToken);
        var balance = await ledger.GetBalanceAsync(profile.Id, cancellationToken);
        var history = await ledger.GetHistoryAsync(profile.Id, HistoryLength, cancellationToken);
        var actions = await (
                from a in db.AccountActions
                join admin in db.Profiles on a.AdminId equals admin.Id
                where a.UserId == profile.Id
                orderby a.At descending
                select new AccountActionDto(a.At, a.Kind, admin.DisplayName, a.Reason))
            .Take(ActionsLength).ToListAsync(cancellationToken);
        return new UserAccountDto(profile.Id, profile.DisplayName, profile.Email, profile.CreatedAt, roles[profile.Id],
            balance.Balance, balance.Error, history, await identity.GetLockStateAsync(profile.Id), actions);
    }
}
