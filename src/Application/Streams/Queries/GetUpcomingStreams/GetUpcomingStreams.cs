using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Queries.GetUpcomingStreams;

/// <summary>Classes that are live now, then upcoming ones by start time.</summary>
public record GetUpcomingStreamsQuery(int Take = 50) : IRequest<IReadOnlyList<StreamSummaryDto>>;

public class StreamSummaryDto
{
    public Guid Id { get; set; }

    public string Title { get; set; } = "";

    public string? Category { get; set; }

    public string InstructorDisplayName { get; set; } = "";

    public DateTimeOffset ScheduledStart { get; set; }

    public int DurationMinutes { get; set; }

    public int PriceInTokens { get; set; }

    public int? Capacity { get; set; }

    public StreamStatus Status { get; set; }

    private class Mapping : Profile
    {
        public Mapping() => CreateMap<LiveStream, StreamSummaryDto>();
    }
}

public class GetUpcomingStreamsHandler(IApplicationDbContext db, IConfigurationProvider mapping)
    : IRequestHandler<GetUpcomingStreamsQuery, IReadOnlyList<StreamSummaryDto>>
{
    public async Task<IReadOnlyList<StreamSummaryDto>> Handle(GetUpcomingStreamsQuery request, CancellationToken cancellationToken) =>
        await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Live || s.Status == StreamStatus.Scheduled)
            .OrderBy(s => s.Status == StreamStatus.Live ? 0 : 1).ThenBy(s => s.ScheduledStart)
            .Take(Math.Clamp(request.Take, 1, 200))
            .ProjectTo<StreamSummaryDto>(mapping)
            .ToListAsync(cancellationToken);
}
