using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Profiles.Common;

namespace Streaming.Application.Profiles.Queries.GetMyProfile;

/// <summary>The signed-in member's own profile, for the profile page.</summary>
public record GetMyProfileQuery : IRequest<MyProfileDto>;

public record MyProfileDto(string Id, string DisplayName, string Email, string? TimeZone, string? AvatarVersion, string Bio);

public class GetMyProfileHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetMyProfileQuery, MyProfileDto>
{
    public async Task<MyProfileDto> Handle(GetMyProfileQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Sign in first.");
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == userId, cancellationToken)
            ?? throw new NotFoundException("Profile", userId);
        return new MyProfileDto(profile.Id, profile.DisplayName, profile.Email, profile.TimeZone, ProfileClaimTypes.VersionOf(profile.AvatarPath), profile.Bio);
    }
}
