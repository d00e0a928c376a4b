using MediatR;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.CloseOverdueClasses;

/// <summary>
/// The closing job's pass, one class at a time: a live class whose broadcaster has been gone for
/// the absence limit, or that runs past its end and the grace period, is ended (and judged on how
/// long it was really broadcast); a class that never went live is closed as "did not take place".
/// An ended class's replay is started by its <see cref="StreamEnded"/> event, as for every other way a
/// class ends. Then every paid seat of a class that did not take place is refunded through the ledger
/// (<see cref="NotHeldRefunds"/>, each refund idempotent by the enrollment's key). Safe to run anywhere, any time: each class is
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
    ILiveStatusNotifier notifier, ILogger<CloseOverdueClassesHandler> logger)
    : IRequestHandler<CloseOverdueClassesCommand, CloseOverdueClassesReport>
{
    public async Task<CloseOverdueClassesReport> Handle(CloseOverdueClassesCommand request, CancellationToken cancellationToken)
    {
        int ended = 0, notHeld = 0, failed = 0;
        foreach (var streamId in await db.OverdueClassesAsync(clock.GetUtcNow(), policy, request.BatchSize, cancellationToken))
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

        var (refunded, pending) = await new NotHeldRefunds(db, payments, clock, logger).RefundAsync(request.BatchSize, cancellationToken);
        return new CloseOverdueClassesReport(ended, notHeld, refunded, pending, failed);
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
}
