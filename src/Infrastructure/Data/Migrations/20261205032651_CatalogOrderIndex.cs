using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The catalog lists live classes first, then upcoming ones by start (GetCatalog's
            // ORDER BY CASE WHEN status = 'Live' THEN 0 ELSE 1 END, scheduled_start, id). An index
            // on that very expression, over listed classes only, lets PostgreSQL walk the classes in
            // page order and stop after a page even when a common word matches thousands of them;
            // without it every match is read and sorted. EF Core cannot model an expression index.
            migrationBuilder.Sql("""
                CREATE INDEX ix_live_streams_catalog_order ON live_streams
                    ((CASE WHEN status = 'Live' THEN 0 ELSE 1 END), scheduled_start, id)
                    WHERE status IN ('Live', 'Scheduled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_live_streams_catalog_order;");
        }
    }
}
