namespace Streaming.Infrastructure.Data.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed demo instructors, members and classes into an empty database.</summary>
    public bool DemoData { get; set; }

    public SuperAdminSeed SuperAdmin { get; set; } = new();

    public sealed class SuperAdminSeed
    {
        public string? Email { get; set; }

        public string? Password { get; set; }

        public string DisplayName { get; set; } = "Super Admin";
    }
}
