using Quartz;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// Quartz's job store tables (qrtz_*), for the app's migrations (<c>RetentionWorkoutsAndJobs</c>): the
/// PostgreSQL script that the Quartz package itself ships (embedded in Quartz.dll), so the tables match
/// the Quartz version in use. Its statements only create what is missing.
/// </summary>
public static class QuartzSchema
{
    public const string TablePrefix = "qrtz_";
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public static string Script()
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The Quartz package no longer ships {Resource}; add its tables as a migration by hand.");
        using var reader = new StreamReader(stream);
        // {0}: the table prefix; {1}: the same without a schema qualifier (index and constraint names).
        return reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
    }

    /// <summary>Drops every table <see cref="Script"/> creates (their indexes go with them).</summary>
    public static string DropScript()
    {
        var tables = System.Text.RegularExpressions.Regex.Matches(Script(), @"CREATE TABLE IF NOT EXISTS (\w+)")
            .Select(m => m.Groups[1].Value).Reverse();
        return string.Join("\n", tables.Select(t => $"DROP TABLE IF EXISTS {t} CASCADE;"));
    }
}
