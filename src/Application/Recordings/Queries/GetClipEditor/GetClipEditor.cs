using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Queries.GetClipEditor;

/// <summary>What the "Create clip" page needs about a recording the caller may see.</summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(GetClipEditorQuery.SourceId))]
public record GetClipEditorQuery(string? Type, Guid SourceId) : IRequest<ClipEditorDto>;

public record ClipEditorDto(RecordingKind Kind, Guid SourceId, string Title, string Product, double DurationSeconds, double MaxClipSeconds);

public class GetClipEditorHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetClipEditorQuery, ClipEditorDto>
{
    public async Task<ClipEditorDto> Handle(GetClipEditorQuery request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        if (currentUser.Id is null) throw new ForbiddenAccessException("Log in to create clips.");
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), kind, request.SourceId, cancellationToken);
        if (!source.HasFile || source.DurationSeconds is not { } duration) throw new DomainException("This recording has no file yet.");
        return new ClipEditorDto(kind, source.Id, source.Title, source.Product, duration, options.Value.MaxClipLength.TotalSeconds);
    }
}
