using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Queries.GetClip;

/// <summary>A clip the caller may see, with its status and progress (the clip page polls it).</summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(GetClipQuery.ClipId))]
public record GetClipQuery(Guid ClipId) : IRequest<ClipDetailsDto>;

public record ClipDetailsDto(
    Guid Id, string Title, string SourceTitle, string Product, RecordingKind SourceKind, Guid SourceId,
    double StartSeconds, double EndSeconds, ClipStatus Status, int Progress, string? Error, long? SizeBytes, double? DurationSeconds,
    string FileName, string? Name)
{
    public double LengthSeconds => EndSeconds - StartSeconds;
}

public class GetClipHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetClipQuery, ClipDetailsDto>
{
    public async Task<ClipDetailsDto> Handle(GetClipQuery request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is null) throw new ForbiddenAccessException("Log in to see clips.");
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), RecordingKind.Clip, request.ClipId, cancellationToken);
        var clip = source.Clip!;
        return new ClipDetailsDto(clip.Id, source.Title, source.SourceTitle!, clip.Product,
            source.SourceKind ?? RecordingKind.Meet, clip.RecordingId,
            clip.StartSeconds, clip.EndSeconds, clip.Status, clip.Progress, clip.Error, clip.ClipSizeBytes, clip.ClipDurationSeconds,
            source.FileName, clip.Name);
    }
}
