using System.Reflection;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Recordings;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Domain.Viewing;
using Streaming.Infrastructure.DataProtection;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IApplicationDbContext
{
    public DbSet<UserProfile> Profiles => Set<UserProfile>();

    public DbSet<LiveStream> Streams => Set<LiveStream>();

    public DbSet<StreamInput> StreamInputs => Set<StreamInput>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

    public DbSet<ViewerSession> ViewerSessions => Set<ViewerSession>();

    public DbSet<TokenAccount> TokenAccounts => Set<TokenAccount>();

    public DbSet<TokenTransaction> TokenTransactions => Set<TokenTransaction>();

    public DbSet<MeetRoom> MeetRooms => Set<MeetRoom>();

    public DbSet<VoiceCall> VoiceCalls => Set<VoiceCall>();

    public DbSet<RecordingClip> RecordingClips => Set<RecordingClip>();

    public DbSet<LiveRecording> LiveRecordings => Set<LiveRecording>();

    public DbSet<LiveRecordingChunk> LiveRecordingChunks => Set<LiveRecordingChunk>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public void DiscardChanges() => ChangeTracker.Clear();

    public Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken) => Database.BeginTransactionAsync(cancellationToken);

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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());
        SnakeCaseNaming.Apply(builder);
    }
}
