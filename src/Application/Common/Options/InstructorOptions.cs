namespace Streaming.Application.Common.Options;

public sealed class InstructorOptions
{
    public const string Section = "Instructor";

    /// <summary>The code a member enters on "Become an instructor". Empty: only a super admin can promote.</summary>
    public string? AccessCode { get; set; }

    /// <summary>
    /// Shortest code accepted in production: a short code can be guessed despite the rate limit.
    /// The demo's short code (scripts/run.sh) is accepted only with the demo data.
    /// </summary>
    public const int MinimumProductionLength = 16;
}
