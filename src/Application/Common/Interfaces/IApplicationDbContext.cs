using Microsoft.EntityFrameworkCore;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;

namespace Streaming.Application.Common.Interfaces;

public interface IApplicationDbContext
{
    DbSet<UserProfile> Profiles { get; }

    DbSet<LiveStream> Streams { get; }

    DbSet<Enrollment> Enrollments { get; }

    DbSet<TokenAccount> TokenAccounts { get; }

    DbSet<TokenTransaction> TokenTransactions { get; }

    /// <summary>Forgets every tracked change, so a retry after a concurrency conflict reads fresh rows.</summary>
    void DiscardChanges();

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
