namespace Streaming.Application.Common.Options;

public sealed class EnrollmentOptions
{
    public const string Section = "Enrollment";

    /// <summary>Members may cancel (full refund) until this long before the class starts.</summary>
    public TimeSpan CancellationWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A payment still unconfirmed after this long is settled by the reconciliation job.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);
}
