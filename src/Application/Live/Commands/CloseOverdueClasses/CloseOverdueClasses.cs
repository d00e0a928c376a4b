using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.CloseOverdueClasses;

/// <summary>
/// The closing job's pass, one class at a time: a live class whose broadcaster has been gone for
/// the absence limit, or that runs past its end and the grace period, is ended (and judged on how
/// long it was really broadcast); a class that never went live is closed as "did not take place".
/// Then every paid seat of a class that did not take place is refunded through the ledger (each
/// refund idempotent by the enrollment's key). Safe to run anywhere, any time: each class is
/// re-checked under its lock, and a class that fails is logged and left for the next pass.
/// </summary>
public sealed record CloseOverdueClassesCommand(int BatchSize = 100) : IRequest<CloseOverdueClassesReport>;

/// <param name="RefundsPending">Refunds the ledger did not confirm; the next pass tries again.</param>
public sealed record CloseOverdueClassesReport(int Ended, int NotHeld, int Refunded, int RefundsPending, int Failed)
{
    public bool DidAnything => Ended + NotHeld + Refunded + RefundsPending + Failed > 0;
}

public class CloseOverdueClassesHandler(
    IApplicationDbContext db, EnrollmentPayments payments, TimeProvider clock, RetentionPolicy retention, ClassClosingPolicy policy,
    ILiveStatusNotifier notifier, IJobScheduler jobs, ILogger<CloseOverdueClassesHandler> logger)
    : IRequestHandler<CloseOverdueClassesCommand, CloseOverdueClassesReport>
{
    public async Task<CloseOverdueClassesReport> Handle(CloseOverdueClassesCommand request, CancellationToken cancellationToken)
    {
        int ended = 0, notHeld = 0, failed = 0;
        foreach (var streamId in await CandidatesAsync(clock.GetUtcNow(), request.BatchSize, cancellationToken))
        {
            try
            {
                var (closing, status) = await CloseAsync(streamId, cancellationToken);
                if (closing == ClassClosing.None) continue;
                if (closing == ClassClosing.End) ended++;
                else notHeld++;
                await notifier.NotifyAsync(status!, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                logger.LogError(e, "Closing class {StreamId} failed; the next pass tries again", streamId);
                db.DiscardChanges();
            }
        }

        if (ended > 0) await jobs.TriggerAsync(JobNames.ReplayAssembly, cancellationToken); // their replays are made now, not at the next sweep
        var (refunded, pending) = await RefundClassesNotHeldAsync(request.BatchSize, cancellationToken);
        return new CloseOverdueClassesReport(ended, notHeld, refunded, pending, failed);
    }

    /// <summary>Live or started classes the domain may find over (the query narrows, the domain decides).</summary>
    private async Task<List<Guid>> CandidatesAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var pastGrace = now - policy.EndGrace;
        var absentSince = now - policy.BroadcasterAbsenceLimit;
        var candidates = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart < now))
            .Select(s => new { Stream = s, LastSeen = db.BroadcastPresences.Where(p => p.StreamId == s.Id).Select(p => (DateTimeOffset?)p.LastSeenAt).FirstOrDefault() })
            .Where(c => c.Stream.ScheduledStart.AddMinutes(c.Stream.DurationMinutes) <= pastGrace
                        || (c.Stream.Status == StreamStatus.Live && (c.LastSeen ?? c.Stream.StartedAt) <= absentSince))
            .OrderBy(c => c.Stream.ScheduledStart).Take(batchSize)
            .ToListAsync(cancellationToken);
        return candidates.Where(c => c.Stream.DueClosing(now, c.LastSeen, policy) != ClassClosing.None).Select(c => c.Stream.Id).ToList();
    }

    /// <summary>Closes one class under its lock, if it is still due (its instructor may have ended it, or come back).</summary>
    private async Task<(ClassClosing, LiveStatusDto?)> CloseAsync(Guid streamId, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(streamId, cancellationToken);
        if (stream is null) return (ClassClosing.None, null);
        var closing = stream.DueClosing(now, await db.BroadcasterLastSeenAsync(streamId, cancellationToken), policy);
        if (closing == ClassClosing.End) await db.EndClassAsync(stream, now, retention, policy, cancellationToken);
        else if (closing == ClassClosing.NotHeld) stream.CloseAsNotHeld(now);
        else return (closing, null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (closing, LiveStatusDto.Of(stream));
    }

    private async Task<(int Refunded, int Pending)> RefundClassesNotHeldAsync(int batchSize, CancellationToken cancellationToken)
    {
        var seats = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Active && e.TokensPaid > 0 && e.Stream.TookPlace == false)
            .OrderBy(e => e.CreatedAt).Take(batchSize)
            .ToListAsync(cancellationToken);
        int refunded = 0, pending = 0;
        foreach (var seat in seats)
        {
            try
            {
                var (done, _) = await payments.RefundAsync(seat, $"Class did not take place: {seat.Stream.Title}", cancellationToken,
                    refunded => OutboxEmail.ClassNotHeld(refunded, clock.GetUtcNow()));
                if (done) refunded++;
                else pending++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                pending++;
                logger.LogError(e, "Refunding enrollment {EnrollmentId} failed; the next pass tries again", seat.Id);
            }
        }

        return (refunded, pending);
    }
}
