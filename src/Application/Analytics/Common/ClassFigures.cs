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
}
