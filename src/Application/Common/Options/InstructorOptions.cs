namespace Streaming.Application.Common.Options;

public sealed class InstructorOptions
{
    public const string Section = "Instructor";

    /// <summary>The code a member enters on "Become an instructor". Empty: only a super admin can promote.</summary>
    public string? AccessCode { get; set; }
}
