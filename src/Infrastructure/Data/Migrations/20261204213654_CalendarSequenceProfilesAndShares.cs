using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CalendarSequenceProfilesAndShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "avatar_path",
                table: "user_profiles",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "time_zone",
                table: "user_profiles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "calendar_sequence",
                table: "live_streams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Until now SEQUENCE was the number of seconds between a class's creation and its last
            // edit. Calendar apps ignore an update whose SEQUENCE is lower than the one they hold,
            // so existing classes count on from there (new ones start at 0).
            migrationBuilder.Sql("""
                UPDATE live_streams
                SET calendar_sequence = LEAST(GREATEST(floor(extract(epoch FROM (updated_at - created_at))), 0), 2147483000)::integer;
                """);

            migrationBuilder.CreateTable(
                name: "recording_shares",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    token = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    preview_path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_recording_shares_user_profiles_owner_id",
                        column: x => x.owner_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recording_shares_item_type_item_id",
                table: "recording_shares",
                columns: new[] { "item_type", "item_id" },
                unique: true,
                filter: "revoked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_recording_shares_owner_id",
                table: "recording_shares",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_recording_shares_token",
                table: "recording_shares",
                column: "token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recording_shares");

            migrationBuilder.DropColumn(
                name: "avatar_path",
                table: "user_profiles");

            migrationBuilder.DropColumn(
                name: "time_zone",
                table: "user_profiles");

            migrationBuilder.DropColumn(
                name: "calendar_sequence",
                table: "live_streams");
        }
    }
}
