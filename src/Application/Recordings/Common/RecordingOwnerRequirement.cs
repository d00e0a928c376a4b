using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// <see cref="Policies.RecordingOwner"/>: the recording is one the caller may see through
/// <see cref="RecordingAccess"/> (their own meetings and clips, everything for a super admin, only
/// visible products). The request's <c>Type</c> names the kind; requests without one are about clips.
/// Anyone else gets 404, as for an id that does not exist.
/// </summary>
public sealed class RecordingOwnerRequirement(IApplicationDbContext db, ICurrentUser user, IOptions<RecordingsOptions> options) : IResourceRequirement
{
    public string Policy => Policies.RecordingOwner;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var kind = request.GetType().GetProperty("Type") is { } type
            ? RecordingKinds.Parse(type.GetValue(request) as string)
            : RecordingKind.Clip;
        await RecordingSources.FindAsync(db, new RecordingAccess(user, options.Value), kind, (Guid)resourceId, cancellationToken);
    }
}
