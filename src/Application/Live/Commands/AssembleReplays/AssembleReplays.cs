using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Domain.Live;

namespace Streaming.Application.Live.Commands.AssembleReplays;

/// <summary>
/// The replay job's run: takes back replays a stopped run left in Processing, then makes every
/// waiting replay of an ended class, one at a time (a replay that fails is marked Failed with its
/// reason and does not stop the others). Triggered when a class ends, and swept periodically.
/// </summary>
public sealed record AssembleReplaysCommand(int BatchSize = 50) : IRequest<JobOutcome>;

public class AssembleReplaysHandler(IApplicationDbContext db, IReplayJob job, TimeProvider clock)
    : IRequestHandler<AssembleReplaysCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(AssembleReplaysCommand request, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        await job.RequeueStaleAsync(cancellationToken);
        var processed = 0;
        while (processed < request.BatchSize && await job.RunNextAsync(cancellationToken))
        {
            processed++;
            db.DiscardChanges(); // each replay reads fresh rows
        }

        // The job marks a replay it could not make as Failed (with the reason shown on the class page).
        var failed = await db.LiveRecordings.AsNoTracking()
            .Where(r => r.Status == LiveRecordingStatus.Failed && r.UpdatedAt >= started)
            .OrderByDescending(r => r.UpdatedAt).Select(r => new { r.StreamId, r.Error }).ToListAsync(cancellationToken);
        return new JobOutcome(processed - failed.Count, failed.Count,
            failed.FirstOrDefault() is { } last ? $"class {last.StreamId}: {last.Error}" : null);
    }
}
