namespace Streaming.Domain.Users;

public static class Roles
{
    public const string Member = nameof(Member);
    public const string Instructor = nameof(Instructor);
    public const string SuperAdmin = nameof(SuperAdmin);

    public static readonly IReadOnlyList<string> All = [Member, Instructor, SuperAdmin];
}
