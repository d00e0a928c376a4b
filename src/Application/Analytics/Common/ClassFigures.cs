using System.Linq.Expressions;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Analytics.Common;

/// <summary>
/// One definition of each class figure, used by the dashboard, the analytics overview (its charts,
/// table and CSV alike) and a class's analytics page, so that no two places count differently.
/// </summary>
public static class ClassFigures
{
    /// <summary>An enrollment is a seat while it is active; a replay-only purchase is no seat.</summary>
    public static readonly Expression<Func<Enrollment, bool>> IsSeat =
        e => e.Status == EnrollmentStatus.Active && e.Kind == EnrollmentKind.Class;

    /// <summary>A replay bought on its own, still active.</summary>
    public static readonly Expression<Func<Enrollment, bool>> IsReplaySale =
        e => e.Status == EnrollmentStatus.Active && e.Kind == EnrollmentKind.ReplayOnly;

    /// <summary>Counts in the revenue: what active seats and replay sales paid (refunded ones gave their tokens back).</summary>
    public static readonly Expression<Func<Enrollment, bool>> IsPaid = e => e.Status == EnrollmentStatus.Active;

    /// <summary>
    /// Peak viewers: the most members (each once, whatever their devices) watching live at the same
    /// moment. The live hub keeps a running peak on the class as members join and send heartbeats;
    /// the viewer sessions, each from its join to its leave (or last heartbeat), are swept exactly
    /// here too, and the larger of the two is the figure: the overview, its CSV, a class's page and
    /// its CSV show one number, and no point of the viewer timeline can exceed it.
    /// </summary>
    public static int PeakViewers(int countedLive, IEnumerable<ViewingSpan> sessions)
    {
        var edges = sessions
            .GroupBy(s => s.MemberId)
            .SelectMany(member => MergedSpans(member))
            .SelectMany(span => new[] { (At: span.From, Step: 1), (At: span.To, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step); // a leave before a join at the same instant: [from, to)

        int watching = 0, peak = 0;
        foreach (var edge in edges) peak = Math.Max(peak, watching += edge.Step);
        return Math.Max(countedLive, peak);
    }

    /// <summary>One member's overlapping sessions (two devices) as one span each time they watched.</summary>
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> MergedSpans(IEnumerable<ViewingSpan> sessions)
    {
        (DateTimeOffset From, DateTimeOffset To)? current = null;
        foreach (var s in sessions.Where(s => s.To > s.From).OrderBy(s => s.From))
        {
            if (current is { } c && s.From <= c.To) current = (c.From, s.To > c.To ? s.To : c.To);
            else
            {
                if (current is { } done) yield return done;
                current = (s.From, s.To);
            }
        }

        if (current is { } last) yield return last;
    }
}

/// <summary>A live viewer session from its join to its leave (or last heartbeat when it never left).</summary>
public readonly record struct ViewingSpan(string MemberId, DateTimeOffset From, DateTimeOffset To);
