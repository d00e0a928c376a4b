using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.HasRecordings;

/// <summary>
/// Whether the caller has anything under "Recordings" (a meeting or clip of their own; a super
/// admin always does): fitness members never see a menu meant for meeting recordings.
/// </summary>
public record HasRecordingsQuery : IRequest<bool>;

public class HasRecordingsHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<RecordingsOptions> options)
    : IRequestHandler<HasRecordingsQuery, bool>
{
    public async Task<bool> Handle(HasRecordingsQuery request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is null) return false;
        var access = new RecordingAccess(currentUser, options.Value);
        // One EXISTS over both (UNION ALL): the layout asks this on every page.
        return access.IsSuperAdmin
            || await access.Recordings(db).Select(_ => 1).Concat(access.Clips(db).Select(_ => 1)).AnyAsync(cancellationToken);
    }
}
