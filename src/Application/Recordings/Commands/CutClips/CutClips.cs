using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Recordings.Jobs;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.CutClips;

/// <summary>
/// The clip job's run: takes back clips a stopped run left in Processing, then cuts every pending
/// clip, one at a time (a clip that fails is marked Failed with a Retry button and does not stop the
/// others). Triggered when a clip is requested or retried, and swept periodically.
/// </summary>
public sealed record CutClipsCommand(int BatchSize = 50) : IRequest<JobOutcome>;

public class CutClipsHandler(IApplicationDbContext db, IClipJob job, TimeProvider clock)
    : IRequestHandler<CutClipsCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(CutClipsCommand request, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        await job.RequeueStaleAsync(cancellationToken);
        var processed = 0;
        while (processed < request.BatchSize && await job.RunNextAsync(cancellationToken))
        {
            processed++;
            db.DiscardChanges(); // each clip reads fresh rows
        }

        var failed = await db.RecordingClips.AsNoTracking()
            .Where(c => c.Status == ClipStatus.Failed && c.UpdatedAt >= started)
            .OrderByDescending(c => c.UpdatedAt).Select(c => new { c.Id, c.Error }).ToListAsync(cancellationToken);
        return new JobOutcome(processed - failed.Count, failed.Count,
            failed.FirstOrDefault() is { } last ? $"clip {last.Id}: {last.Error}" : null);
    }
}
