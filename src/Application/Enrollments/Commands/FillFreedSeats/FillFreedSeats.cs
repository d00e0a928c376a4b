using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Enrollments.Commands.FillFreedSeats;

/// <summary>
/// The waitlist job's pass, one class at a time: every class with members in line and a free seat
/// (a cancellation, a failed payment, a larger capacity) gives its seats to the line; a class that
/// has started closes its line. A member given a seat whose payment was later found never to have
/// happened is told and skipped. Safe anywhere, any time: seats are taken under the class's lock.
/// </summary>
public record FillFreedSeatsCommand(int BatchSize = 100) : IRequest<WaitlistReport>;

public class FillFreedSeatsHandler(IApplicationDbContext db, WaitlistSeats waitlist, TimeProvider clock, ILogger<FillFreedSeatsHandler> logger)
    : IRequestHandler<FillFreedSeatsCommand, WaitlistReport>
{
    public async Task<WaitlistReport> Handle(FillFreedSeatsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var streamIds = await db.WaitlistEntries.AsNoTracking()
            .Where(w => w.Status == WaitlistStatus.Waiting
                        && (w.Stream.Status != StreamStatus.Scheduled || w.Stream.ScheduledStart <= now
                            || w.Stream.Capacity == null || w.Stream.SeatsTaken < w.Stream.Capacity))
            .Select(w => w.StreamId).Distinct().Take(request.BatchSize)
            .ToListAsync(cancellationToken);

        var report = await SkipUnpaidSeatsAsync(request.BatchSize, cancellationToken);
        foreach (var streamId in streamIds)
        {
            try
            {
                report = report.Add(await waitlist.FillAsync(streamId, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Filling the freed seats of class {StreamId} failed; the next pass tries again", streamId);
                db.DiscardChanges();
                report = report.Add(new WaitlistReport(0, 0, 0, 1, $"class {streamId}: {e.Message}"));
            }
        }

        return report;
    }

    /// <summary>Seats given from the line whose payment the reconciliation job found never happened: the member is told.</summary>
    private async Task<WaitlistReport> SkipUnpaidSeatsAsync(int batchSize, CancellationToken cancellationToken)
    {
        var unpaid = await db.WaitlistEntries.Include(w => w.Stream)
            .Where(w => w.Status == WaitlistStatus.Enrolled
                        && db.Enrollments.Any(e => e.Id == w.EnrollmentId && e.Status == EnrollmentStatus.Failed))
            .Take(batchSize).ToListAsync(cancellationToken);
        foreach (var entry in unpaid)
            entry.Skip($"A seat freed up in {entry.Stream.Title}, but its payment could not be confirmed, so it went to the next in line.", clock.GetUtcNow());
        if (unpaid.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return new WaitlistReport(0, unpaid.Count, 0);
    }
}
