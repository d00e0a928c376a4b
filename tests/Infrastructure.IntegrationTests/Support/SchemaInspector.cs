using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Streaming.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Compares the EF Core model of <see cref="ApplicationDbContext"/> with what the migrations
/// actually built in PostgreSQL, and describes a database's schema for comparing two databases. Every method returns a list of human-readable differences.
/// </summary>
internal sealed class SchemaInspector
{
    public const string MigrationsTable = "__EFMigrationsHistory";
    public const string SystemRowVersionColumn = "xmin";

    private SchemaInspector(IModel model, IModel designTimeModel)
    {
        Model = model;
        DesignTimeModel = designTimeModel;
    }

    /// <summary>The runtime model (<c>db.Model</c>): what EF Core reads and writes.</summary>
    public IModel Model { get; }

    /// <summary>The full model, with the design-time-only parts such as check constraints.</summary>
    public IModel DesignTimeModel { get; }

    public HashSet<string> Tables { get; private set; } = [];

    /// <summary>(table, column) → (nullable, formatted type).</summary>
    public Dictionary<(string Table, string Column), (bool Nullable, string Type)> Columns { get; private set; } = [];

    /// <summary>index name → (table, unique, partial, columns in order).</summary>
    public Dictionary<string, (string Table, bool Unique, bool Partial, string[] Columns)> Indexes { get; private set; } = [];

    /// <summary>(table, constraint name) → constraint type ('p', 'f', 'c', 'u').</summary>
    public Dictionary<(string Table, string Name), char> Constraints { get; private set; } = [];

    /// <summary>foreign-key constraint name → delete rule as information_schema spells it.</summary>
    public Dictionary<string, string> DeleteRules { get; private set; } = [];

    public IEnumerable<(IEntityType Entity, string Table, StoreObjectIdentifier Store)> MappedEntities =>
        Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .Select(e => (e, e.GetTableName()!, StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema())));

    public static async Task<SchemaInspector> ReadAsync(TestDatabase database)
    {
        await using var db = Db.Context(database);
        var inspector = new SchemaInspector(db.Model, db.GetService<IDesignTimeModel>().Model);

        inspector.Tables = (await Db.QueryAsync(database,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                r => r.GetString(0)))
            .ToHashSet(StringComparer.Ordinal);

        var columns = await Db.QueryAsync(database, """
            SELECT c.table_name, c.column_name, c.is_nullable = 'YES', format_type(a.atttypid, a.atttypmod)
            FROM information_schema.columns c
            JOIN pg_class t ON t.relname = c.table_name
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = c.table_schema
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = c.column_name
            WHERE c.table_schema = 'public'
            """, r => (r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3)));
        inspector.Columns = columns.ToDictionary(c => (c.Item1, c.Item2), c => (c.Item3, c.Item4));

        var indexNames = (await Db.QueryAsync(database,
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'", r => r.GetString(0)))
            .ToHashSet(StringComparer.Ordinal);
        var indexes = await Db.QueryAsync(database, """
            SELECT i.relname, t.relname, ix.indisunique, ix.indpred IS NOT NULL,
                   ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[]
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
            """, r => (Name: r.GetString(0), Table: r.GetString(1), Unique: r.GetBoolean(2), Partial: r.GetBoolean(3), Columns: r.GetFieldValue<string[]>(4)));
        inspector.Indexes = indexes
            .Where(i => indexNames.Contains(i.Name))
            .ToDictionary(i => i.Name, i => (i.Table, i.Unique, i.Partial, i.Columns), StringComparer.Ordinal);

        var constraints = await Db.QueryAsync(database, """
            SELECT t.relname, c.conname, c.contype::text
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2)[0]));
        inspector.Constraints = constraints.ToDictionary(c => (c.Item1, c.Item2), c => c.Item3);

        inspector.DeleteRules = (await Db.QueryAsync(database,
                "SELECT constraint_name, delete_rule FROM information_schema.referential_constraints WHERE constraint_schema = 'public'",
                r => (r.GetString(0), r.GetString(1))))
            .ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);

        return inspector;
    }

    /// <summary>
    /// Every object of the public schema as one line each (tables, columns with position, type,
    /// nullability, default and identity, constraints and indexes with their full definitions,
    /// sequences, views, functions, triggers, types) and the installed extensions, for comparing
    /// two databases. Objects of <paramref name="ignoredTables"/> (migration journals) are left out.
    /// </summary>
    public static async Task<SortedSet<string>> DescribeAsync(TestDatabase database, params string[] ignoredTables)
    {
        var ignored = ignoredTables.ToHashSet(StringComparer.Ordinal);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        async Task AddAsync(string sql)
        {
            var rows = await Db.QueryAsync(database, sql, r => (Table: r.GetString(0), Line: r.GetString(1)));
            foreach (var (table, line) in rows.Where(r => !ignored.Contains(r.Table))) lines.Add(line);
        }

        const string inPublic = "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'";
        await AddAsync($"""
            SELECT coalesce(owner.relname, c.relname), format('relation %s kind %s', c.relname, c.relkind)
            FROM pg_class c {inPublic}
            LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S'
            LEFT JOIN pg_class owner ON owner.oid = d.refobjid
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            """);
        await AddAsync($"""
            SELECT c.relname, format('column %s.%s #%s %s %s default=%s identity=%s generated=%s',
                c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
                CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
                coalesce(pg_get_expr(ad.adbin, ad.adrelid), '-'), nullif(a.attidentity, ''), nullif(a.attgenerated, ''))
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'v', 'm', 'f') {inPublic}
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped
            """);
        await AddAsync($"""
            SELECT c.relname, format('constraint %s.%s %s', c.relname, k.conname, pg_get_constraintdef(k.oid))
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid {inPublic}
            """);
        await AddAsync($"""
            SELECT t.relname, format('index %s', pg_get_indexdef(i.indexrelid))
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid {inPublic} JOIN pg_class t ON t.oid = i.indrelid
            """);
        await AddAsync($"""
            SELECT c.relname, format('view %s %s', c.relname, pg_get_viewdef(c.oid))
            FROM pg_class c {inPublic} WHERE c.relkind IN ('v', 'm')
            """);
        await AddAsync($"""
            SELECT c.relname, format('trigger %s', pg_get_triggerdef(g.oid))
            FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid {inPublic} WHERE NOT g.tgisinternal
            """);
        await AddAsync("""
            SELECT '', format('function %s(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
            """);
        await AddAsync("""
            SELECT '', format('type %s kind %s', t.typname, t.typtype)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
            WHERE t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
            """);
        await AddAsync("SELECT '', format('extension %s', extname) FROM pg_extension");
        return lines;
    }

    public static bool IsSystemRowVersion(IProperty property, StoreObjectIdentifier store) =>
        property.GetColumnName(store) == SystemRowVersionColumn;

    /// <summary>Model tables missing from the database.</summary>
    public List<string> MissingTables() =>
        MappedEntities.Where(e => !Tables.Contains(e.Table)).Select(e => $"{e.Entity.DisplayName()}: table {e.Table} is missing").ToList();

    /// <summary>Database tables the model does not know (the migrations history aside).</summary>
    public List<string> UnknownTables()
    {
        var known = MappedEntities.Select(e => e.Table).ToHashSet(StringComparer.Ordinal);
        // Quartz's job store tables are Quartz's own schema (Quartz's own script, run by a migration), not the model's.
        return Tables.Where(t => t != MigrationsTable && !known.Contains(t) && !t.StartsWith(QuartzSchema.TablePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    public List<string> ColumnDifferences(bool compareTypes)
    {
        var problems = new List<string>();
        foreach (var (entity, table, store) in MappedEntities)
        {
            foreach (var property in entity.GetProperties())
            {
                if (IsSystemRowVersion(property, store)) continue;
                var column = property.GetColumnName(store);
                if (column is null) continue;
                if (!Columns.TryGetValue((table, column), out var actual))
                {
                    problems.Add($"{table}.{column} ({entity.DisplayName()}.{property.Name}) is missing");
                    continue;
                }

                var nullable = property.IsColumnNullable(store);
                if (actual.Nullable != nullable)
                    problems.Add($"{table}.{column}: model says {(nullable ? "NULL" : "NOT NULL")}, database says {(actual.Nullable ? "NULL" : "NOT NULL")}");

                var type = property.GetColumnType(store);
                if (compareTypes && !string.Equals(type, actual.Type, StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{table}.{column}: model type {type}, database type {actual.Type}");
            }
        }

        return problems;
    }

    /// <summary>Database columns of model tables that no property maps (an insert would not set them).</summary>
    public List<string> UnmappedColumns()
    {
        var problems = new List<string>();
        // Owned types (a recording's file) share their owner's table: the table's columns are those of all its entities.
        foreach (var group in MappedEntities.GroupBy(m => m.Table))
        {
            var mapped = group.SelectMany(m => m.Entity.GetProperties().Select(p => p.GetColumnName(m.Store))).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(Columns.Keys.Where(k => k.Table == group.Key && !mapped.Contains(k.Column)).Select(k => $"{k.Table}.{k.Column}"));
        }

        return problems;
    }

    public List<string> IndexDifferences()
    {
        var problems = new List<string>();
        foreach (var (entity, table, store) in MappedEntities)
        {
            foreach (var index in entity.GetIndexes())
            {
                var name = index.GetDatabaseName(store)!;
                if (!Indexes.TryGetValue(name, out var actual))
                {
                    problems.Add($"index {name} on {table} is missing");
                    continue;
                }

                var columns = index.Properties.Select(p => p.GetColumnName(store)!).ToArray();
                if (actual.Table != table) problems.Add($"index {name} is on {actual.Table}, not {table}");
                if (actual.Unique != index.IsUnique) problems.Add($"index {name}: model unique={index.IsUnique}, database unique={actual.Unique}");
                if (actual.Partial != (index.GetFilter() is not null)) problems.Add($"index {name}: model filter '{index.GetFilter()}', database partial={actual.Partial}");
                if (!actual.Columns.SequenceEqual(columns))
                    problems.Add($"index {name}: model columns ({string.Join(", ", columns)}), database ({string.Join(", ", actual.Columns)})");
            }
        }

        return problems;
    }

    public List<string> ConstraintDifferences()
    {
        var problems = new List<string>();
        foreach (var (entity, table, store) in MappedEntities)
        {
            if (entity.FindPrimaryKey()?.GetName(store) is { } pk && !HasConstraint(table, pk, 'p'))
                problems.Add($"primary key {pk} on {table} is missing");

            foreach (var key in entity.GetKeys().Where(k => !k.IsPrimaryKey()))
            {
                var name = key.GetName(store)!;
                if (!HasConstraint(table, name, 'u')) problems.Add($"alternate key {name} on {table} is missing");
            }

            // An owned type in its owner's row is tied to it by the row itself, not by a constraint.
            foreach (var foreignKey in entity.GetForeignKeys().Where(f => !(f.IsOwnership && f.PrincipalEntityType.GetTableName() == table)))
            {
                var name = foreignKey.GetConstraintName(store, StoreObjectIdentifier.Table(foreignKey.PrincipalEntityType.GetTableName()!, foreignKey.PrincipalEntityType.GetSchema()))!;
                if (!HasConstraint(table, name, 'f'))
                {
                    problems.Add($"foreign key {name} on {table} is missing");
                    continue;
                }

                var expected = foreignKey.DeleteBehavior switch
                {
                    DeleteBehavior.Cascade => "CASCADE",
                    DeleteBehavior.Restrict => "RESTRICT",
                    DeleteBehavior.SetNull => "SET NULL",
                    _ => "NO ACTION",
                };
                if (DeleteRules.GetValueOrDefault(name) != expected)
                    problems.Add($"foreign key {name}: model ON DELETE {expected}, database ON DELETE {DeleteRules.GetValueOrDefault(name)}");
            }

            foreach (var check in DesignTimeModel.FindEntityType(entity.Name)!.GetCheckConstraints())
            {
                var name = check.GetName(store)!;
                if (!HasConstraint(table, name, 'c')) problems.Add($"check constraint {name} on {table} is missing");
            }
        }

        return problems;
    }

    private bool HasConstraint(string table, string name, char type) =>
        Constraints.TryGetValue((table, name), out var actual) && actual == type;
}
