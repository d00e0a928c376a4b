using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The migrations and the EF Core model describe the same schema: a migration edited by hand, or
/// a model change without its migration, shows up here instead of as a runtime error on some
/// rarely used query.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class SchemaTests
{
    private TestDatabase _database = null!;
    private SchemaInspector _schema = null!;

    [OneTimeSetUp]
    public async Task MigrateAFreshDatabase()
    {
        // Read-only checks on what the migrations build: one new database, not the shared one (which
        // other tests write in), serves the whole fixture.
        _database = await TestDatabase.CreateSeparateAsync(migrate: true);
        _schema = await SchemaInspector.ReadAsync(_database);
    }

    [OneTimeTearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    [Test]
    public void Model_MapsTheApplicationsTables()
    {
        // Guards the comparisons below against an empty or unexpected model.
        Assert.That(_schema.MappedEntities.Select(e => e.Table), Is.SupersetOf(new[]
        {
            "users", "roles", "user_roles", "user_claims", "user_logins", "user_tokens", "role_claims",
            "user_profiles", "live_streams", "enrollments", "data_protection_keys",
        }));
        Assert.That(_schema.DesignTimeModel.GetEntityTypes().SelectMany(e => e.GetCheckConstraints()).Select(c => c.Name),
            Does.Contain("ck_live_streams_price"), "the constraint comparison needs the design-time model's check constraints");
    }

    [Test]
    public void EveryModelTable_Exists()
    {
        Assert.That(_schema.MissingTables(), Is.Empty);
    }

    [Test]
    public void EveryMappedColumn_Exists_WithTheModelsNullability()
    {
        Assert.That(_schema.ColumnDifferences(compareTypes: false), Is.Empty);
    }

    [Test]
    public void EveryMappedColumn_HasTheModelsStoreType()
    {
        Assert.That(_schema.ColumnDifferences(compareTypes: true), Is.Empty);
    }

    [Test]
    public void ModelTables_HaveNoColumnTheModelDoesNotMap()
    {
        Assert.That(_schema.UnmappedColumns(), Is.Empty);
    }

    [Test]
    public void Database_HasNoTableTheModelDoesNotKnow_ExceptTheMigrationsHistoryAndQuartz()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_schema.UnknownTables(), Is.Empty);
            Assert.That(_schema.Tables, Does.Contain(SchemaInspector.MigrationsTable));
            Assert.That(_schema.Tables, Is.SupersetOf(new[] { "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_locks", "qrtz_scheduler_state" }),
                "Quartz's job store tables come with the migrations");
        }
    }

    [Test]
    public void EveryModelIndex_Exists_WithItsColumnsUniquenessAndFilter()
    {
        Assert.That(_schema.IndexDifferences(), Is.Empty);
    }

    [Test]
    public void EveryKeyForeignKeyAndCheckConstraint_Exists()
    {
        Assert.That(_schema.ConstraintDifferences(), Is.Empty);
    }

    [Test]
    public async Task RowVersionColumns_AreTheSystemXminColumn_AndReadable()
    {
        var rowVersioned = _schema.MappedEntities
            .SelectMany(e => e.Entity.GetProperties()
                .Where(p => SchemaInspector.IsSystemRowVersion(p, e.Store))
                .Select(p => (e.Table, Property: p)))
            .ToList();

        Assert.That(rowVersioned.Select(r => r.Table), Is.SupersetOf(new[] { "live_streams", "enrollments" }));
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        foreach (var (table, property) in rowVersioned)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(property.IsConcurrencyToken, Is.True, $"{table}.xmin is the concurrency token");
                Assert.That(property.ValueGenerated, Is.EqualTo(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAddOrUpdate));
                Assert.That(_schema.Columns.Keys, Does.Not.Contain((table, "xmin")), "xmin is a system column, not a declared one");
            }

            await using var command = new NpgsqlCommand($"SELECT xmin FROM {table} LIMIT 1", connection);
            Assert.That(async () => await command.ExecuteScalarAsync(), Throws.Nothing);
        }
    }
}
