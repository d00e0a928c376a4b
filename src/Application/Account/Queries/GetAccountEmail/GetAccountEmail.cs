using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Account.Queries.GetAccountEmail;

/// <summary>The account's email page: the address, whether it is confirmed, and a change waiting for its link to be followed.</summary>
public record GetAccountEmailQuery : IRequest<AccountEmailDto>;

public record AccountEmailDto(string Email, bool Confirmed, string? PendingAddress);

public class GetAccountEmailHandler(IApplicationDbContext db, ICurrentUser currentUser, IAccountEmailService accounts, TimeProvider clock) : IRequestHandler<GetAccountEmailQuery, AccountEmailDto>
{
    public async Task<AccountEmailDto> Handle(GetAccountEmailQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var email = await db.Profiles.Where(p => p.Id == userId).Select(p => p.Email).SingleAsync(cancellationToken);
        var linksFrom = clock.GetUtcNow() - accounts.EmailConfirmationLifetime;
        var pending = await db.OutboxEmails
            .Where(e => e.RecipientId == userId && e.Kind == EmailKind.ConfirmEmailChange && e.CreatedAt > linksFrom
                        && (e.Status == OutboxEmailStatus.Pending || e.Status == OutboxEmailStatus.Sent))
            .OrderByDescending(e => e.CreatedAt).Select(e => e.Address).FirstOrDefaultAsync(cancellationToken);
        return new AccountEmailDto(email, await accounts.IsEmailConfirmedAsync(userId, cancellationToken),
            string.Equals(pending, email, StringComparison.OrdinalIgnoreCase) ? null : pending);
    }
}
