using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Domain.Users;

namespace Streaming.Application.Admin.Queries.GetUsers;

public class GetUsersQuery : IRequest<IReadOnlyList<UserSummaryDto>>
{
    public string? Search { get; set; }
}

public record UserSummaryDto(string Id, string DisplayName, string Email, DateTimeOffset CreatedAt, IReadOnlyList<string> Roles);

public class GetUsersHandler(IApplicationDbContext db, IIdentityService identity, ICurrentUser currentUser)
    : IRequestHandler<GetUsersQuery, IReadOnlyList<UserSummaryDto>>
{
    private const int Limit = 200;

    public async Task<IReadOnlyList<UserSummaryDto>> Handle(GetUsersQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(Roles.SuperAdmin)) throw new ForbiddenAccessException();

        var query = db.Profiles.AsNoTracking();
        if (SearchText.ToLikePattern(request.Search) is { } pattern)
        {
            query = query.Where(p => EF.Functions.Like(p.DisplayName.ToLower(), pattern, "\\") || EF.Functions.Like(p.Email.ToLower(), pattern, "\\"));
        }

        var profiles = await query.OrderBy(p => p.DisplayName).Take(Limit).ToListAsync(cancellationToken);
        var roles = await identity.GetRolesAsync(profiles.Select(p => p.Id), cancellationToken);
        return profiles.Select(p => new UserSummaryDto(p.Id, p.DisplayName, p.Email, p.CreatedAt, roles[p.Id])).ToList();
    }
}
