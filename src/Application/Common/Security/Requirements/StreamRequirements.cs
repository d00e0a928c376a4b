using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Common.Security.Requirements;

/// <summary><see cref="Policies.StreamOwner"/>: the instructor or a super admin; anyone else 404.</summary>
public sealed class StreamOwnerRequirement(IApplicationDbContext db, ICurrentUser user) : IResourceRequirement
{
    public string Policy => Policies.StreamOwner;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var id = (Guid)resourceId;
        var instructor = await db.Streams.Where(s => s.Id == id).Select(s => s.InstructorId).SingleOrDefaultAsync(cancellationToken);
        if (instructor is null || (instructor != userId && !user.IsInRole(Roles.SuperAdmin)))
            throw new NotFoundException(nameof(LiveStream), id);
    }
}

/// <summary><see cref="Policies.StreamBroadcaster"/>: the class's own instructor only; anyone else 404.</summary>
public sealed class StreamBroadcasterRequirement(IApplicationDbContext db) : IResourceRequirement
{
    public string Policy => Policies.StreamBroadcaster;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var id = (Guid)resourceId;
        if (!await db.Streams.AnyAsync(s => s.Id == id && s.InstructorId == userId, cancellationToken))
            throw new NotFoundException(nameof(LiveStream), id);
    }
}

/// <summary>
/// <see cref="Policies.StreamAttendee"/>: the class's instructor, a member with an active seat, or a
/// super admin. An unknown class is 404; a signed-in stranger 403, with the reason for the page.
/// </summary>
public sealed class StreamAttendeeRequirement(IApplicationDbContext db, ICurrentUser user) : IResourceRequirement
{
    public string Policy => Policies.StreamAttendee;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var id = (Guid)resourceId;
        var instructor = await db.Streams.Where(s => s.Id == id).Select(s => s.InstructorId).SingleOrDefaultAsync(cancellationToken)
                         ?? throw new NotFoundException(nameof(LiveStream), id);
        if (instructor == userId || user.IsInRole(Roles.SuperAdmin)) return;
        if (!await db.Enrollments.AnyAsync(e => e.StreamId == id && e.MemberId == userId && e.Status == EnrollmentStatus.Active, cancellationToken))
            throw new ForbiddenAccessException("Only members enrolled in this class can watch it or use its chat.");
    }
}
