namespace Streaming.Domain.Common;

/// <summary>How long a replay stays watchable and when a class moves to the on-demand catalog.</summary>
public sealed record RetentionPolicy
{
    public static readonly RetentionPolicy Default = new();

    public TimeSpan ReplayRetention { get; init; } = TimeSpan.FromDays(7);

    public int CatalogMigrationMonths { get; init; } = 2;

    public DateTimeOffset ReplayExpiry(DateTimeOffset endedAt) => endedAt + ReplayRetention;

    public DateTimeOffset CatalogMigration(DateTimeOffset endedAt) => endedAt.AddMonths(CatalogMigrationMonths);
}
