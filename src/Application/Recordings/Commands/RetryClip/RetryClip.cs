using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.RetryClip;

/// <summary>Queues a failed clip again (its owner, or a super admin).</summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(RetryClipCommand.ClipId))]
public record RetryClipCommand(Guid ClipId) : IRequest;

public class RetryClipHandler(
    IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IOptions<RecordingsOptions> options, IJobScheduler jobs, StreamingMetrics metrics)
    : IRequestHandler<RetryClipCommand>
{
    public async Task<Unit> Handle(RetryClipCommand request, CancellationToken cancellationToken)
    {
        var clip = await new RecordingAccess(currentUser, options.Value).Clips(db).SingleOrDefaultAsync(c => c.Id == request.ClipId, cancellationToken)
            ?? throw new NotFoundException(nameof(RecordingClip), request.ClipId);
        clip.Retry(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        metrics.ClipQueued();
        await jobs.TriggerAsync(JobNames.ClipCutting, cancellationToken);
        return Unit.Value;
    }
}
