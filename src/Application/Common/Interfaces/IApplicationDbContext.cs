using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

namespace Streaming.Application.Common.Interfaces;

public interface IApplicationDbContext
{
    DbSet<UserProfile> Profiles { get; }

    DbSet<LiveStream> Streams { get; }

    /// <summary>The streaming provider's live input of a class (Cloudflare), one per class at most.</summary>
    DbSet<StreamInput> StreamInputs { get; }

    DbSet<Enrollment> Enrollments { get; }

    /// <summary>Members in line for full classes (and what became of their place).</summary>
    DbSet<WaitlistEntry> WaitlistEntries { get; }

    DbSet<ViewerSession> ViewerSessions { get; }

    DbSet<TokenAccount> TokenAccounts { get; }

    DbSet<TokenTransaction> TokenTransactions { get; }

    /// <summary>Who members are to the external token service (their iOS account), when they linked it.</summary>
    DbSet<LedgerIdentity> LedgerIdentities { get; }
    DbSet<TokenPack> TokenPacks { get; }

    DbSet<TokenPurchase> TokenPurchases { get; }

    DbSet<Recording> Recordings { get; }

    DbSet<RecordingClip> RecordingClips { get; }

    /// <summary>"Anyone with the link" shares of recordings and clips.</summary>
    DbSet<RecordingShare> RecordingShares { get; }

    DbSet<LiveRecording> LiveRecordings { get; }

    DbSet<LiveRecordingChunk> LiveRecordingChunks { get; }

    /// <summary>The on-demand catalog: ended classes kept for it, migrated about two months after they ended.</summary>
    DbSet<Workout> Workouts { get; }

    /// <summary>The background jobs' run history (the jobs page).</summary>
    DbSet<JobRun> JobRuns { get; }

    DbSet<ChatMessage> ChatMessages { get; }

    /// <summary>Chat settings (slow mode) of a class; a class without a row has the defaults.</summary>
    DbSet<ChatRoom> ChatRooms { get; }

    DbSet<ChatMute> ChatMutes { get; }

    DbSet<ChatReport> ChatReports { get; }

    /// <summary>The instructor's broadcast of a class: last sign of life and broadcast time (one per class at most).</summary>
    DbSet<BroadcastPresence> BroadcastPresences { get; }

    /// <summary>Emails waiting to be sent (and the record of those sent), written with the change they tell about.</summary>
    DbSet<OutboxEmail> OutboxEmails { get; }

    /// <summary>The email categories members turned off.</summary>
    DbSet<EmailOptOut> EmailOptOuts { get; }

    /// <summary>Members following instructors.</summary>
    DbSet<InstructorFollow> Follows { get; }

    /// <summary>What super admins did to accounts (unlock, disable, enable, demote) and why.</summary>
    DbSet<AccountAction> AccountActions { get; }

    /// <summary>Forgets every tracked change, so a retry after a concurrency conflict reads fresh rows.</summary>
    void DiscardChanges();

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads the class and locks its row until the current transaction ends (<c>SELECT … FOR NO KEY UPDATE</c>),
    /// so changes to one class (seats, peak viewers) queue up instead of failing on its row version.
    /// Call it inside <see cref="BeginTransactionAsync"/>; a class already tracked is read again
    /// (unsaved changes to it are dropped).
    /// </summary>
    Task<LiveStream?> FindStreamForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a purchase and locks its row until the current transaction ends (<c>SELECT … FOR UPDATE</c>):
    /// the success redirect, webhooks and the reconciliation job settle one purchase one at a time.
    /// </summary>
    Task<TokenPurchase?> FindPurchaseForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a recording and locks its row until the current transaction ends (<c>SELECT … FOR UPDATE</c>):
    /// a file copied into the store replaces the one it was copied from, never one attached meanwhile.
    /// </summary>
    Task<Recording?> FindRecordingForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// The outbox email if it is still pending and due, locked until the current transaction ends
    /// (<c>FOR UPDATE SKIP LOCKED</c>): a second sender at the same moment gets null instead of sending it too.
    /// </summary>
    Task<OutboxEmail?> LockDueEmailAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A transaction around several saves (e.g. a row that must not commit before its file is stored).</summary>
    Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken);
}
