using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;

namespace Streaming.Application.Following.Common;

public static class Instructors
{
    /// <summary>
    /// The public profile of someone who teaches (an instructor, or a super admin, who may schedule
    /// classes too); any other id answers 404, like one that does not exist.
    /// </summary>
    public static async Task<UserProfile> FindInstructorAsync(this IApplicationDbContext db, IIdentityService identity, string? instructorId, CancellationToken cancellationToken)
    {
        var profile = string.IsNullOrWhiteSpace(instructorId) ? null
            : await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == instructorId, cancellationToken);
        if (profile is null || !(await identity.IsInRoleAsync(profile.Id, Roles.Instructor) || await identity.IsInRoleAsync(profile.Id, Roles.SuperAdmin)))
            throw new NotFoundException("Instructor", instructorId ?? "");
        return profile;
    }
}
