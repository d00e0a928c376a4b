using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class LiveClassJourneys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "replay_price_in_tokens",
                table: "live_streams",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "took_place",
                table: "live_streams",
                type: "boolean",
                nullable: true);

            // Every enrollment made so far is a seat in its class; new ones always say their kind.
            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "enrollments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Class");
            migrationBuilder.Sql("ALTER TABLE enrollments ALTER COLUMN kind DROP DEFAULT;");

            migrationBuilder.CreateTable(
                name: "broadcast_presences",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    broadcast_seconds = table.Column<double>(type: "double precision", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broadcast_presences", x => x.stream_id);
                    table.CheckConstraint("ck_broadcast_presences_seconds", "broadcast_seconds >= 0");
                    table.ForeignKey(
                        name: "fk_broadcast_presences_live_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "live_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "waitlist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    enrollment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    notice = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_live_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "live_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_user_profiles_member_id",
                        column: x => x.member_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_live_streams_took_place",
                table: "live_streams",
                column: "took_place",
                filter: "took_place = false");

            migrationBuilder.AddCheckConstraint(
                name: "ck_live_streams_replay_price",
                table: "live_streams",
                sql: "replay_price_in_tokens IS NULL OR replay_price_in_tokens >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_member_id",
                table: "waitlist_entries",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_stream_id_status_joined_at",
                table: "waitlist_entries",
                columns: new[] { "stream_id", "status", "joined_at" });

            migrationBuilder.CreateIndex(
                name: "ux_waitlist_entries_member_waiting",
                table: "waitlist_entries",
                columns: new[] { "stream_id", "member_id" },
                unique: true,
                filter: "status = 'Waiting'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "broadcast_presences");

            migrationBuilder.DropTable(
                name: "waitlist_entries");

            migrationBuilder.DropIndex(
                name: "ix_live_streams_took_place",
                table: "live_streams");

            migrationBuilder.DropCheckConstraint(
                name: "ck_live_streams_replay_price",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "replay_price_in_tokens",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "took_place",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "enrollments");
        }
    }
}
