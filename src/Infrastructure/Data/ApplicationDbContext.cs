using System.Reflection;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Infrastructure.DataProtection;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IApplicationDbContext
{
    public DbSet<UserProfile> Profiles => Set<UserProfile>();

    public DbSet<LiveStream> Streams => Set<LiveStream>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

    public DbSet<TokenAccount> TokenAccounts => Set<TokenAccount>();

    public DbSet<TokenTransaction> TokenTransactions => Set<TokenTransaction>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public void DiscardChanges() => ChangeTracker.Clear();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());
        SnakeCaseNaming.Apply(builder);
    }
}
