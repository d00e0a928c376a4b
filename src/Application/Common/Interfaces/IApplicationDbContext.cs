using Microsoft.EntityFrameworkCore;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Common.Interfaces;

public interface IApplicationDbContext
{
    DbSet<UserProfile> Profiles { get; }

    DbSet<LiveStream> Streams { get; }

    DbSet<Enrollment> Enrollments { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
