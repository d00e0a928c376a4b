using MediatR;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Streaming.Domain.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Chat;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Following;
using Streaming.Domain.Jobs;
using Streaming.Domain.Live;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Domain.Recordings;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Domain.Viewing;
using Streaming.Domain.Workouts;
using Streaming.Infrastructure.Identity;
using Streaming.Infrastructure.Payments.Demo;

namespace Streaming.Infrastructure.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IApplicationDbContext, IDataProtectionKeyContext
{
    public DbSet<UserProfile> Profiles => Set<UserProfile>();

    public DbSet<LiveStream> Streams => Set<LiveStream>();

    public DbSet<StreamInput> StreamInputs => Set<StreamInput>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

    public DbSet<WaitlistEntry> WaitlistEntries => Set<WaitlistEntry>();

    public DbSet<ViewerSession> ViewerSessions => Set<ViewerSession>();

    public DbSet<TokenAccount> TokenAccounts => Set<TokenAccount>();

    public DbSet<TokenTransaction> TokenTransactions => Set<TokenTransaction>();

    public DbSet<LedgerIdentity> LedgerIdentities => Set<LedgerIdentity>();
    public DbSet<TokenPack> TokenPacks => Set<TokenPack>();

    public DbSet<TokenPurchase> TokenPurchases => Set<TokenPurchase>();

    public DbSet<DemoCheckoutSession> DemoCheckoutSessions => Set<DemoCheckoutSession>();

    public DbSet<Recording> Recordings => Set<Recording>();

    public DbSet<RecordingClip> RecordingClips => Set<RecordingClip>();

    public DbSet<RecordingShare> RecordingShares => Set<RecordingShare>();

    public DbSet<LiveRecording> LiveRecordings => Set<LiveRecording>();

    public DbSet<LiveRecordingChunk> LiveRecordingChunks => Set<LiveRecordingChunk>();

    public DbSet<Workout> Workouts => Set<Workout>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    public DbSet<ChatRoom> ChatRooms => Set<ChatRoom>();

    public DbSet<ChatMute> ChatMutes => Set<ChatMute>();

    public DbSet<ChatReport> ChatReports => Set<ChatReport>();

    public DbSet<BroadcastPresence> BroadcastPresences => Set<BroadcastPresence>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<EmailOptOut> EmailOptOuts => Set<EmailOptOut>();

    public DbSet<InstructorFollow> Follows => Set<InstructorFollow>();

    public DbSet<AccountAction> AccountActions => Set<AccountAction>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    /// <summary>Publishes this context's domain events on save (<see cref="Interceptors.DispatchDomainEventsInterceptor"/>); null for factory-made contexts.</summary>
    internal IMediator? DomainEventPublisher { get; set; }

    public void DiscardChanges() => ChangeTracker.Clear();

    /// <summary>Domain events dispatched by the save under way (<see cref="Interceptors.DispatchDomainEventsInterceptor"/>).</summary>
    internal List<IDomainEvent> EventsBeingSaved { get; } = [];

    /// <summary>Domain events saved in the open transaction, published as committed when it commits.</summary>
    internal List<IDomainEvent> EventsAwaitingCommit { get; } = [];

    public async Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        EventsAwaitingCommit.Clear();
        var dispatcher = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?
            .OfType<Interceptors.DispatchDomainEventsInterceptor>().FirstOrDefault();
        return new Interceptors.CommitPublishingTransaction(await Database.BeginTransactionAsync(cancellationToken), this, dispatcher);
    }

    public async Task<LiveStream?> FindStreamForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var alreadyTracked = Streams.Local.Any(s => s.Id == id);
        // Not composed (no Where/Single on top), so PostgreSQL sees the lock clause as written. FOR NO
        // KEY UPDATE, not FOR UPDATE: rows that merely reference the class (a recording's first chunk,
        // a new enrollment) take FOR KEY SHARE, which must not wait for it.
        var rows = await Streams.FromSql($"SELECT *, xmin FROM live_streams WHERE id = {id} FOR NO KEY UPDATE").ToListAsync(cancellationToken);
        var stream = rows.SingleOrDefault();
        // A tracked class keeps the values it was read with: read the locked row's current ones.
        if (stream is not null && alreadyTracked) await Entry(stream).ReloadAsync(cancellationToken);
        return stream;
    }

    public async Task<Recording?> FindRecordingForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var alreadyTracked = Recordings.Local.Any(r => r.Id == id);
        var rows = await Recordings.FromSql($"SELECT * FROM recordings WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken);
        var recording = rows.SingleOrDefault();
        if (recording is not null && alreadyTracked) await Entry(recording).ReloadAsync(cancellationToken);
        return recording;
    }

    public async Task<TokenPurchase?> FindPurchaseForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var alreadyTracked = TokenPurchases.Local.Any(p => p.Id == id);
        var rows = await TokenPurchases.FromSql($"SELECT * FROM token_purchases WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken);
        var purchase = rows.SingleOrDefault();
        if (purchase is not null && alreadyTracked) await Entry(purchase).ReloadAsync(cancellationToken);
        return purchase;
    }

    public async Task<OutboxEmail?> LockDueEmailAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // SKIP LOCKED: an email another sender holds right now is not waited for but left to it.
        var rows = await OutboxEmails.FromSql(
                $"SELECT * FROM email_outbox WHERE id = {id} AND status = 'Pending' AND next_attempt_at <= {now} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    // Here rather than where the options are built, so that every context (the app's, the
    // design-time factory's, the tests') maps the same snake_case schema.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Trigram indexes let the catalog's "contains" search use an index (migration CatalogSearchIndexes).
        builder.HasPostgresExtension("pg_trgm");
        NameIdentityTables(builder);
        builder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());
        RenameForeignKeysAfterTheirPrincipals(builder);
    }

    /// <summary>
    /// The naming convention names a foreign key when the relationship is configured, from the
    /// principal's table name at that moment, and does not follow a later <c>ToTable</c> of the
    /// principal: "fk_enrollments_profiles_member_id" while UserProfile is still named after its
    /// DbSet. Names the convention chose are recomputed from the final table and column names;
    /// explicitly configured ones stay.
    /// </summary>
    private static void RenameForeignKeysAfterTheirPrincipals(ModelBuilder builder)
    {
        foreach (var foreignKey in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredForeignKeys()))
        {
            if (((IConventionForeignKey)foreignKey).GetConstraintNameConfigurationSource() == ConfigurationSource.Convention)
                foreignKey.SetConstraintName(foreignKey.GetDefaultName()!.ToLowerInvariant());
        }
    }

    /// <summary>
    /// Identity names its tables "AspNetUsers", … and three indexes in PascalCase explicitly, which
    /// the naming convention leaves alone: these are the names the schema has always used.
    /// </summary>
    private static void NameIdentityTables(ModelBuilder builder)
    {
        builder.Entity<ApplicationUser>(b =>
        {
            b.ToTable("users");
            b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("user_name_index");
            b.HasIndex(u => u.NormalizedEmail).HasDatabaseName("email_index");
        });
        builder.Entity<IdentityRole>(b =>
        {
            b.ToTable("roles");
            b.HasIndex(r => r.NormalizedName).HasDatabaseName("role_name_index");
        });
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }
}
