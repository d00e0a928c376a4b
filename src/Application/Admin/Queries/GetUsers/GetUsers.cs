using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Queries.GetUsers;

[Authorize(Roles = Roles.SuperAdmin)]
public class GetUsersQuery : IRequest<PaginatedList<UserSummaryDto>>
{
    public const int PageSize = 50;

    public string? Search { get; set; }

    public int Page { get; set; } = 1;
}

public record UserSummaryDto(string Id, string DisplayName, string Email, DateTimeOffset CreatedAt, IReadOnlyList<string> Roles);

public class GetUsersHandler(IApplicationDbContext db, IIdentityService identity)
    : IRequestHandler<GetUsersQuery, PaginatedList<UserSummaryDto>>
{
    public async Task<PaginatedList<UserSummaryDto>> Handle(GetUsersQuery request, CancellationToken cancellationToken)
    {

        var query = db.Profiles.AsNoTracking();
        if (SearchText.ToLikePattern(request.Search) is { } pattern)
        {
            query = query.Where(p => EF.Functions.Like(p.DisplayName.ToLower(), pattern, "\\") || EF.Functions.Like(p.Email.ToLower(), pattern, "\\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = Paging.ClampPage(request.Page, total, GetUsersQuery.PageSize);
        var profiles = await query.OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Skip((page - 1) * GetUsersQuery.PageSize).Take(GetUsersQuery.PageSize).ToListAsync(cancellationToken);
        var roles = await identity.GetRolesAsync(profiles.Select(p => p.Id), cancellationToken);
        return new PaginatedList<UserSummaryDto>(
            profiles.Select(p => new UserSummaryDto(p.Id, p.DisplayName, p.Email, p.CreatedAt, roles[p.Id])).ToList(), page, GetUsersQuery.PageSize, total);
    }
}
