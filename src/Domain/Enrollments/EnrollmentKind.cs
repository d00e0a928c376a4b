namespace Streaming.Domain.Enrollments;

public enum EnrollmentKind
{
    /// <summary>A seat in the class: live, then the replay.</summary>
    Class = 0,

    /// <summary>Bought after the class ended: the replay only, no seat.</summary>
    ReplayOnly = 1,
}
