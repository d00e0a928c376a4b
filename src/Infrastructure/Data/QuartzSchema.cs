using Quartz;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// Quartz's job store tables (qrtz_*), as one of the app's migrations: the PostgreSQL script that the
/// Quartz package itself ships (embedded in Quartz.dll), so the tables always match the Quartz version
/// in use. Its statements only create what is missing.
/// </summary>
public static class QuartzSchema
{
    public const string Version = "0020_quartz_tables";
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
}
