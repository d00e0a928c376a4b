using FluentValidation;
using ValidationException = Streaming.Application.Common.Exceptions.ValidationException;
using MediatR;
using Streaming.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.UpdateStream;

/// <summary>
/// Edits a class. Moving it keeps every enrollment; the price is frozen once someone has paid;
/// a live class only takes new details. Members enrolled in a moved class get an email (queued with
/// the move) with the new time and an updated calendar file.
/// </summary>
[Authorize(Policy = Policies.StreamOwner)]
public class UpdateStreamCommand : StreamForm, IRequest<Unit>
{
    public Guid Id { get; set; }
}

public class UpdateStreamValidator : StreamFormValidator<UpdateStreamCommand>
{
    public UpdateStreamValidator(TimeProvider clock, IApplicationDbContext db)
        : base(clock, requireFutureStart: false)
    {
        // Moving a scheduled class needs a future start; a live class keeps its (past) start.
        RuleFor(c => c.StartLocal)
            .MustAsync(async (command, _, cancellationToken) =>
            {
                var current = await db.Streams.Where(s => s.Id == command.Id)
                    .Select(s => new { s.Status, s.ScheduledStart })
                    .SingleOrDefaultAsync(cancellationToken);
                var start = command.StartUtc();
                return current is null || current.Status != StreamStatus.Scheduled || start == current.ScheduledStart
                       || start > clock.GetUtcNow();
            })
            .WithMessage(FutureStartMessage)
            .When(c => c.StartUtc() is not null);
    }
}

public class UpdateStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, IJobScheduler jobs, TimeProvider clock, WaitlistSeats waitlist)
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
        stream.SetReplayPrice(request.ReplayPriceInTokens);
        var start = request.StartUtc()!.Value;
        if (stream.Status == StreamStatus.Scheduled && (start != stream.ScheduledStart || request.DurationMinutes != stream.DurationMinutes))
        {
            if (start <= now) throw new ValidationException(nameof(request.StartLocal), StreamFormValidator<UpdateStreamCommand>.FutureStartMessage);
            var previousStart = stream.ScheduledStart;
            stream.Reschedule(start, request.DurationMinutes, now);
            var enrolled = await db.Enrollments.AsNoTracking()
                .Where(e => e.StreamId == stream.Id && e.Status == EnrollmentStatus.Active).ToListAsync(cancellationToken);
            db.OutboxEmails.AddRange(enrolled.Select(e => OutboxEmail.ClassMoved(e, stream, previousStart, now)));
        }

        await db.SaveChangesAsync(cancellationToken);
        // A larger capacity frees seats: the members in line get them now.
        await waitlist.FillAsync(stream.Id, cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return Unit.Value;
    }
}
