using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Queries.GetUnsubscribe;

/// <summary>
/// The page an unsubscribe link opens: which emails it turns off (nothing changes on a GET: link
/// scanners open links too), or that the link is not valid.
/// </summary>
public record GetUnsubscribeQuery(string? Token) : IRequest<UnsubscribePageDto>;

/// <param name="Category">Null when the token is not valid.</param>
public record UnsubscribePageDto(EmailCategory? Category, bool AlreadyOff);

public class GetUnsubscribeHandler(IApplicationDbContext db, IUnsubscribeTokens tokens) : IRequestHandler<GetUnsubscribeQuery, UnsubscribePageDto>
{
    public async Task<UnsubscribePageDto> Handle(GetUnsubscribeQuery request, CancellationToken cancellationToken)
    {
        if (tokens.Read(request.Token) is not (var userId, var category) || !category.CanUnsubscribe()
            || !await db.Profiles.AnyAsync(p => p.Id == userId, cancellationToken))
            return new UnsubscribePageDto(null, false);
        return new UnsubscribePageDto(category, await db.EmailOptOuts.AnyAsync(o => o.UserId == userId && o.Category == category, cancellationToken));
    }
}
