using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Queries.GetRecordings;

/// <summary>The recordings the caller may see, newest first, each with its clips.</summary>
public record GetRecordingsQuery : IRequest<RecordingListDto>;

public record RecordingListDto(bool IsSuperAdmin, IReadOnlyList<RecordingItemDto> Meetings, IReadOnlyList<RecordingItemDto> Calls);

/// <param name="SharedUrl">Its "anyone with the link" link while one works; null when it is private.</param>
public record RecordingItemDto(
    RecordingKind Kind, Guid Id, string Product, string Title, string OwnerName, DateTimeOffset? RecordedAt,
    double? DurationSeconds, long? SizeBytes, bool HasRecording, IReadOnlyList<ClipDto> Clips, string? SharedUrl = null);

public record ClipDto(
    Guid Id, Guid RecordingId, double StartSeconds, double EndSeconds, ClipStatus Status, int Progress,
    string? Error, long? SizeBytes, DateTimeOffset CreatedAt, string? Name, string? SharedUrl = null)
{
    public double LengthSeconds => EndSeconds - StartSeconds;

    /// <summary>Listed under its recording, so the default name leaves the recording out.</summary>
    public string Label => Name ?? $"Clip {ClipTime.Format(StartSeconds)}–{ClipTime.Format(EndSeconds)}";

    private class Mapping : Profile
    {
        public Mapping() => CreateMap<RecordingClip, ClipDto>()
            .ForCtorParam(nameof(SizeBytes), o => o.MapFrom(c => c.ClipSizeBytes))
            .ForCtorParam(nameof(SharedUrl), o => o.MapFrom(_ => (string?)null)); // filled in from the shares after the query
    }
}

public class GetRecordingsHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IAppLinks links, TimeProvider clock, IOptions<RecordingsOptions> options, IConfigurationProvider mapping)
    : IRequestHandler<GetRecordingsQuery, RecordingListDto>
{
    public async Task<RecordingListDto> Handle(GetRecordingsQuery request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is null) throw new ForbiddenAccessException("Log in to see your recordings.");
        var access = new RecordingAccess(currentUser, options.Value);

        var recordings = await (from r in access.Recordings(db)
                                join p in db.Profiles on r.OwnerId equals p.Id
                                orderby (DateTimeOffset?)r.File!.RecordedAt ?? r.CreatedAt descending
                                select new { Recording = r, Owner = p.DisplayName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var clips = (await access.Clips(db).AsNoTracking().OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .ProjectTo<ClipDto>(mapping).ToListAsync(cancellationToken))
            .ToLookup(c => c.RecordingId);

        var shared = await SharedUrlsAsync(recordings.Select(x => x.Recording.Id).Concat(clips.SelectMany(g => g).Select(c => c.Id)).ToList(), cancellationToken);
        var items = recordings.Select(x => new RecordingItemDto(x.Recording.Kind.ToKind(), x.Recording.Id, x.Recording.Product, x.Recording.Title, x.Owner,
            x.Recording.File?.RecordedAt, x.Recording.File?.DurationSeconds, x.Recording.File?.SizeBytes, x.Recording.HasFile,
            clips[x.Recording.Id].Select(c => c with { SharedUrl = shared.GetValueOrDefault(c.Id) }).ToList(), shared.GetValueOrDefault(x.Recording.Id))).ToList();

        return new RecordingListDto(access.IsSuperAdmin,
            items.Where(i => i.Kind == RecordingKind.Meet).ToList(), items.Where(i => i.Kind == RecordingKind.Voice).ToList());
    }

    /// <summary>The working "anyone with the link" links of these items, by item id (ids are unique across kinds).</summary>
    private async Task<Dictionary<Guid, string>> SharedUrlsAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var shares = await db.RecordingShares.AsNoTracking()
            .Where(s => ids.Contains(s.ItemId) && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now))
            .Select(s => new { s.ItemId, s.Token })
            .ToListAsync(cancellationToken);
        return shares.ToDictionary(s => s.ItemId, s => links.SharedRecording(s.Token));
    }
}
