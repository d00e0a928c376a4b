using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Enrollments.Common;

public static class WaitlistPositions
{
    /// <summary>The place's number in its line (1 = next to get a seat), in the order seats are given.</summary>
    public static async Task<int> WaitlistPositionAsync(this IApplicationDbContext db, WaitlistEntry place, CancellationToken cancellationToken)
    {
        var line = await db.WaitlistEntries.AsNoTracking()
            .Where(w => w.StreamId == place.StreamId && w.Status == WaitlistStatus.Waiting)
            .OrderBy(w => w.JoinedAt).ThenBy(w => w.Id)
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
        return line.IndexOf(place.Id) + 1;
    }
}
