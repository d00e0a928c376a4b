using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Calendars.Queries.GetClassCalendar;

/// <summary>"Add to calendar": one class as an .ics file.</summary>
[AllowAnonymous("A class's calendar file is as public as its catalog page.")]
public record GetClassCalendarQuery(Guid StreamId) : IRequest<CalendarFile>;

public record CalendarFile(string FileName, string Content);

public class GetClassCalendarHandler(IApplicationDbContext db, ICalendarWriter writer, IAppLinks links)
    : IRequestHandler<GetClassCalendarQuery, CalendarFile>
{
    public async Task<CalendarFile> Handle(GetClassCalendarQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking().Include(s => s.Instructor)
            .SingleOrDefaultAsync(s => s.Id == request.StreamId, cancellationToken)
            ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);

        var content = writer.Write(new CalendarDocument([CalendarEvents.For(stream, stream.Instructor.DisplayName, links)]));
        return new CalendarFile($"{FileNames.Slug(stream.Title)}-{stream.ScheduledStart.UtcDateTime:yyyy-MM-dd}.ics", content);
    }
}
