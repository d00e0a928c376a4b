using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            // The catalog searches lower(title) and lower(description) with LIKE '%words%'
            // (GetCatalog): trigram GIN indexes on those expressions answer it without reading
            // every class. EF Core cannot model an index on an expression, hence plain SQL.
            migrationBuilder.Sql("CREATE INDEX ix_live_streams_title_trgm ON live_streams USING gin (lower(title) gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_live_streams_description_trgm ON live_streams USING gin (lower(description) gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_live_streams_description_trgm;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_live_streams_title_trgm;");
            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
