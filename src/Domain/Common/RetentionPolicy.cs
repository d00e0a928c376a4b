namespace Streaming.Domain.Common;

/// <summary>How long a replay stays watchable, when a class moves to the on-demand catalog and which classes go there by themselves.</summary>
public sealed record RetentionPolicy
{
    public static readonly RetentionPolicy Default = new();

    public TimeSpan ReplayRetention { get; init; } = TimeSpan.FromDays(7);

    public int CatalogMigrationMonths { get; init; } = 2;

    /// <summary>A class with at least this many paid or free active enrollments is kept for the catalog without being marked.</summary>
    public int CatalogAutoKeepEnrollments { get; init; } = 10;

    public DateTimeOffset ReplayExpiry(DateTimeOffset endedAt) => endedAt + ReplayRetention;

    public DateTimeOffset CatalogMigration(DateTimeOffset endedAt) => endedAt.AddMonths(CatalogMigrationMonths);
}
