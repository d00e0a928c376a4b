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
    Guid Id, RecordingSourceType SourceType, Guid SourceId, double StartSeconds, double EndSeconds, ClipStatus Status, int Progress,
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

        var rooms = await (from r in access.MeetRooms(db)
                           join p in db.Profiles on r.OwnerId equals p.Id
                           orderby r.RecordedAt ?? r.CreatedAt descending
                           select new { Room = r, Owner = p.DisplayName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var calls = await (from c in access.VoiceCalls(db)
                           join p in db.Profiles on c.OwnerId equals p.Id
                           orderby c.RecordedAt ?? c.CreatedAt descending
                           select new { Call = c, Owner = p.DisplayName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var clips = (await access.Clips(db).AsNoTracking().OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .ProjectTo<ClipDto>(mapping).ToListAsync(cancellationToken))
            .ToLookup(c => (c.SourceType, c.SourceId));

        var shared = await SharedUrlsAsync(rooms.Select(x => x.Room.Id).Concat(calls.Select(x => x.Call.Id)).Concat(clips.SelectMany(g => g).Select(c => c.Id)).ToList(), cancellationToken);

        return new RecordingListDto(
            access.IsSuperAdmin,
            rooms.Select(x => new RecordingItemDto(RecordingKind.Meet, x.Room.Id, x.Room.Product, RecordingNames.MeetTitle(x.Room), x.Owner,
                x.Room.RecordedAt, x.Room.DurationSeconds, x.Room.RecordingSizeBytes, x.Room.HasRecording,
                ClipsOf(RecordingSourceType.Meet, x.Room.Id), shared.GetValueOrDefault(x.Room.Id))).ToList(),
            calls.Select(x => new RecordingItemDto(RecordingKind.Voice, x.Call.Id, x.Call.Product, RecordingNames.VoiceTitle(x.Call), x.Owner,
                x.Call.RecordedAt, x.Call.DurationSeconds, x.Call.RecordingSizeBytes, x.Call.HasRecording,
                ClipsOf(RecordingSourceType.Voice, x.Call.Id), shared.GetValueOrDefault(x.Call.Id))).ToList());

        IReadOnlyList<ClipDto> ClipsOf(RecordingSourceType type, Guid id) =>
            clips[(type, id)].Select(c => c with { SharedUrl = shared.GetValueOrDefault(c.Id) }).ToList();
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
