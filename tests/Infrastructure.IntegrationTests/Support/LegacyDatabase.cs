using System.Reflection;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Builds a database the way the SQL migrator of earlier releases did: the scripts in
/// Data/LegacySql (kept as test resources), each in its own transaction, recorded in
/// <c>schema_migrations</c>. What production databases made before EF Core migrations look like.
/// </summary>
internal static class LegacyDatabase
{
    public static IReadOnlyList<(string Version, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>Applies the first <paramref name="count"/> scripts (all by default).</summary>
    public static async Task BuildAsync(TestDatabase database, int? count = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now())
            """);
        foreach (var (version, sql) in Scripts.Take(count ?? Scripts.Count))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await ExecuteAsync(connection, transaction, sql);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_migrations (version) VALUES ('{version}')");
            await transaction.CommitAsync();
        }
    }

    public static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, null, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static List<(string, string)> LoadScripts()
    {
        const string prefix = "LegacySql/";
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
            })
            .ToList();
        // The scripts are the ones the app recognises, no more, no fewer.
        if (!scripts.Select(s => s.Item1).SequenceEqual(LegacySchema.Versions))
            throw new InvalidOperationException($"Data/LegacySql holds {string.Join(", ", scripts.Select(s => s.Item1))}");
        return scripts;
    }
}
