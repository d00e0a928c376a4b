using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Enrollments.Common;

/// <param name="Given">Seats given (and paid, or being confirmed).</param>
/// <param name="Skipped">Members skipped because they could not pay.</param>
/// <param name="Closed">Places in line closed (the class started, or the member had enrolled meanwhile).</param>
/// <param name="Failed">Classes whose line could not be served (tried again next pass); the last one's error in <paramref name="LastError"/>.</param>
public sealed record WaitlistReport(int Given, int Skipped, int Closed, int Failed = 0, string? LastError = null)
{
    public static readonly WaitlistReport None = new(0, 0, 0);

    public WaitlistReport Add(WaitlistReport other) =>
        new(Given + other.Given, Skipped + other.Skipped, Closed + other.Closed, Failed + other.Failed, other.LastError ?? LastError);
}

/// <summary>
/// Gives a class's free seats to the members in line, first come first served. A seat is taken for
/// the first in line under the class's lock (so two passes never give one seat twice), then paid
/// through the ledger with the new enrollment's own key — the member is charged only now. When
/// they cannot pay, the seat is released, they are skipped with a notice, and the next in line is
/// asked. Once the class starts, the line is closed.
/// </summary>
public sealed class WaitlistSeats(IApplicationDbContext db, EnrollmentPayments payments, TimeProvider clock)
{
    private const int MaxSeatsPerPass = 200;

    public async Task<WaitlistReport> FillAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var report = WaitlistReport.None;
        for (var round = 0; round < MaxSeatsPerPass; round++)
        {
            var (offer, step) = await OfferNextSeatAsync(streamId, cancellationToken);
            report = report.Add(step);
            if (offer is null)
            {
                if (step == WaitlistReport.None) return report;
                continue; // someone's place was closed: look at the next in line
            }

            var payment = await payments.PayAsync(offer.Value.Seat, cancellationToken);
            report = report.Add(await RecordPaymentAsync(offer.Value.EntryId, payment, cancellationToken));
        }

        return report;
    }

    /// <summary>Under the class's lock: a Pending seat for the first in line, or what else changed (a closed place).</summary>
    private async Task<((Enrollment Seat, Guid EntryId)? Offer, WaitlistReport Step)> OfferNextSeatAsync(Guid streamId, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(streamId, cancellationToken);
        if (stream is null) return (null, WaitlistReport.None);
        var waiting = db.WaitlistEntries.Where(w => w.StreamId == streamId && w.Status == WaitlistStatus.Waiting);
        if (!WaitlistEntry.TakesWaitlist(stream, now))
        {
            var open = await waiting.ToListAsync(cancellationToken);
            foreach (var place in open)
                place.Close(stream.Status == Domain.Streams.StreamStatus.Cancelled ? "The class was cancelled." : "The class started before a seat freed up.", now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (null, new WaitlistReport(0, 0, open.Count));
        }

        if (stream.SeatsLeft == 0) return (null, WaitlistReport.None);
        var entry = await waiting.OrderBy(w => w.JoinedAt).ThenBy(w => w.Id).FirstOrDefaultAsync(cancellationToken);
        if (entry is null) return (null, WaitlistReport.None);

        var holdsSeat = await db.Enrollments.AnyAsync(
            e => e.StreamId == streamId && e.MemberId == entry.MemberId && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active),
            cancellationToken);
        Enrollment? seat = null;
        if (holdsSeat) entry.Close("You enrolled in the class yourself, so you left the waitlist.", now);
        else
        {
            seat = Enrollment.Open(stream, entry.MemberId, memberHoldsSeat: false, now);
            db.Enrollments.Add(seat);
            entry.GiveSeat(seat.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seat is null ? (null, new WaitlistReport(0, 0, 1)) : ((seat, entry.Id), WaitlistReport.None);
    }

    /// <summary>Tells the member how the payment for their seat went; a member who could not pay is skipped.</summary>
    private async Task<WaitlistReport> RecordPaymentAsync(Guid entryId, EnrollmentResult payment, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        var entry = await db.WaitlistEntries.Include(w => w.Stream).SingleAsync(w => w.Id == entryId, cancellationToken);
        var title = entry.Stream.Title;
        var now = clock.GetUtcNow();
        var skipped = false;
        switch (payment.Outcome)
        {
            case EnrollmentOutcome.Enrolled or EnrollmentOutcome.AlreadyEnrolled:
                entry.RecordPayment($"A seat freed up in {title} and it is yours: you are enrolled" +
                                    (payment.Price > 0 ? $" ({payment.Price} tokens paid)." : "."), now);
                break;
            case EnrollmentOutcome.PaymentUnconfirmed:
                entry.RecordPayment($"A seat freed up in {title} and it is yours; the payment of {payment.Price} tokens is being confirmed.", now);
                break;
            case EnrollmentOutcome.InsufficientBalance:
                skipped = true;
                entry.Skip($"A seat freed up in {title}, but your balance{(payment.Balance is { } b ? $" ({b} tokens)" : "")} was below its price " +
                           $"({payment.Price} tokens), so it went to the next in line. Top up your tokens and join the waitlist again.", now);
                break;
            default:
                skipped = true;
                entry.Skip($"A seat freed up in {title}, but the payment was refused ({payment.Message}), so it went to the next in line.", now);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return skipped ? new WaitlistReport(0, 1, 0) : new WaitlistReport(1, 0, 0);
    }
}
