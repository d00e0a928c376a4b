using FluentValidation;
using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Live.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Streams.Commands.CreateStream;

/// <summary>
/// An instructor schedules a class — or a weekly series of <see cref="Occurrences"/> classes at the
/// same wall-clock time in their zone, each a normal class. The members who follow the instructor
/// are told (queued with the classes). Returns the (first) class's id.
/// </summary>
public class CreateStreamCommand : StreamForm, IRequest<Guid>
{
    public const int MaxOccurrences = 52;

    /// <summary>How many weekly classes to schedule (1: just this one).</summary>
    public int Occurrences { get; set; } = 1;

    /// <summary>The start of each weekly class in UTC, or null when a week's time does not exist in the zone (a daylight-saving jump).</summary>
    public IReadOnlyList<DateTimeOffset>? WeeklyStarts()
    {
        if (StartLocal is not { } first || FindZone(TimeZone) is not { } zone) return null;
        var starts = new List<DateTimeOffset>();
        for (var week = 0; week < Math.Clamp(Occurrences, 1, MaxOccurrences); week++)
        {
            var local = DateTime.SpecifyKind(first.AddDays(7 * week), DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local)) return null;
            starts.Add(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero));
        }

        return starts;
    }
}

public class CreateStreamValidator : StreamFormValidator<CreateStreamCommand>
{
    public CreateStreamValidator(TimeProvider clock)
        : base(clock)
    {
        RuleFor(c => c.Occurrences).InclusiveBetween(1, CreateStreamCommand.MaxOccurrences)
            .WithMessage($"A weekly series has 1 to {CreateStreamCommand.MaxOccurrences} classes.");
        RuleFor(c => c.WeeklyStarts())
            .NotNull().WithMessage("In one of the weeks that time does not exist in your time zone (daylight-saving change). Pick another time.")
            .Must(starts => starts![^1] - clock.GetUtcNow() <= LiveStream.MaxScheduleAhead).WithMessage("The last class of the series must be within the next two years.")
            .OverridePropertyName(nameof(CreateStreamCommand.Occurrences))
            .When(c => c.Occurrences is > 1 and <= CreateStreamCommand.MaxOccurrences && c.StartUtc() is not null);
    }
}

public class CreateStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IStreamingProvider streaming, IJobScheduler jobs)
    : IRequestHandler<CreateStreamCommand, Guid>
{
    public async Task<Guid> Handle(CreateStreamCommand request, CancellationToken cancellationToken)
    {
        var instructorId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!currentUser.IsInRole(Roles.Instructor) && !currentUser.IsInRole(Roles.SuperAdmin))
            throw new ForbiddenAccessException("Only instructors can schedule classes.");

        var now = clock.GetUtcNow();
        var classes = request.WeeklyStarts()!.Select(start =>
        {
            var stream = LiveStream.Schedule(instructorId, request.Title, request.Description, request.Category,
                start, request.DurationMinutes, request.PriceInTokens, request.Capacity, now);
            stream.SetReplayPrice(request.ReplayPriceInTokens);
            db.Streams.Add(stream);
            return stream;
        }).ToList();
        // A weekly series is one announcement (its first class), not one email per week.
        var followers = await db.Follows.Where(f => f.InstructorId == instructorId).Select(f => f.MemberId).ToListAsync(cancellationToken);
        db.OutboxEmails.AddRange(followers.Select(memberId => OutboxEmail.NewClass(memberId, classes[0], now)));
        // Creates each class's live input at the provider (Cloudflare; none in local mode) before
        // saving: if one fails, the StreamingProviderException reaches the form and no class is saved.
        await db.SaveWithLiveInputsAsync(streaming, classes, now, cancellationToken);
        if (followers.Count > 0) await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return classes[0].Id;
    }
}
