using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Commands.UpdateStream;

/// <summary>
/// Edits a class. Moving it keeps every enrollment; the price is frozen once someone has paid;
/// a live class only takes new details.
/// </summary>
public class UpdateStreamCommand : StreamForm, IRequest<Unit>
{
    public Guid Id { get; set; }
}

public class UpdateStreamValidator(TimeProvider clock) : StreamFormValidator<UpdateStreamCommand>(clock);

public class UpdateStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<UpdateStreamCommand, Unit>
{
    public async Task<Unit> Handle(UpdateStreamCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var hasPaidSeats = await db.Enrollments.AnyAsync(
            e => e.StreamId == stream.Id && e.TokensPaid > 0 && (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Pending),
            cancellationToken);

        stream.UpdateDetails(request.Title, request.Description, request.Category);
        stream.ChangePrice(request.PriceInTokens, hasPaidSeats);
        stream.ChangeCapacity(request.Capacity);
        var start = request.StartUtc()!.Value;
        if (stream.Status == StreamStatus.Scheduled && (start != stream.ScheduledStart || request.DurationMinutes != stream.DurationMinutes))
            stream.Reschedule(start, request.DurationMinutes, now);

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
