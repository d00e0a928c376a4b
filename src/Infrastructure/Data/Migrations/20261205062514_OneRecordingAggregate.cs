using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneRecordingAggregate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_recording_clips_source_type_source_id",
                table: "recording_clips");

            migrationBuilder.DropColumn(
                name: "source_type",
                table: "recording_clips");

            migrationBuilder.RenameColumn(
                name: "source_id",
                table: "recording_clips",
                newName: "recording_id");

            migrationBuilder.AddColumn<Guid>(
                name: "recording_id",
                table: "email_outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "recordings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    product = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    recording_location = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    recording_size_bytes = table.Column<long>(type: "bigint", nullable: true),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    egress_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recordings", x => x.id);
                    table.ForeignKey(
                        name: "fk_recordings_user_profiles_owner_id",
                        column: x => x.owner_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recording_clips_recording_id",
                table: "recording_clips",
                column: "recording_id");

            migrationBuilder.CreateIndex(
                name: "ix_recordings_egress_id",
                table: "recordings",
                column: "egress_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recordings_kind_product_created_at",
                table: "recordings",
                columns: new[] { "kind", "product", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recordings_owner_id_product",
                table: "recordings",
                columns: new[] { "owner_id", "product" });

            // Meetings and calls keep their ids, so clips, shared links and URLs still point at them.
            migrationBuilder.Sql("""
                INSERT INTO recordings (id, kind, product, owner_id, subject, recording_location, recording_size_bytes,
                                        duration_seconds, recorded_at, egress_id, created_at)
                SELECT id, 'Meet', product, owner_id, name, recording_location, recording_size_bytes,
                       duration_seconds, recorded_at, egress_id, created_at
                FROM meet_rooms;
                INSERT INTO recordings (id, kind, product, owner_id, subject, recording_location, recording_size_bytes,
                                        duration_seconds, recorded_at, egress_id, created_at)
                SELECT id, 'Voice', product, owner_id, participants, recording_location, recording_size_bytes,
                       duration_seconds, recorded_at, NULL, created_at
                FROM voice_calls;
                """);

            migrationBuilder.DropTable(
                name: "meet_rooms");

            migrationBuilder.DropTable(
                name: "voice_calls");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_recording_clips_recording_id",
                table: "recording_clips");

            migrationBuilder.DropColumn(
                name: "recording_id",
                table: "email_outbox");

            migrationBuilder.RenameColumn(
                name: "recording_id",
                table: "recording_clips",
                newName: "source_id");

            migrationBuilder.AddColumn<string>(
                name: "source_type",
                table: "recording_clips",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "meet_rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: true),
                    egress_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    product = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recording_location = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    recording_size_bytes = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meet_rooms", x => x.id);
                    table.ForeignKey(
                        name: "fk_meet_rooms_user_profiles_owner_id",
                        column: x => x.owner_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "voice_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: true),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    participants = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    product = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recording_location = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    recording_size_bytes = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_voice_calls_user_profiles_owner_id",
                        column: x => x.owner_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recording_clips_source_type_source_id",
                table: "recording_clips",
                columns: new[] { "source_type", "source_id" });

            migrationBuilder.CreateIndex(
                name: "ix_meet_rooms_egress_id",
                table: "meet_rooms",
                column: "egress_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meet_rooms_owner_id_product",
                table: "meet_rooms",
                columns: new[] { "owner_id", "product" });

            migrationBuilder.CreateIndex(
                name: "ix_meet_rooms_product_recorded_at",
                table: "meet_rooms",
                columns: new[] { "product", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_voice_calls_owner_id_product",
                table: "voice_calls",
                columns: new[] { "owner_id", "product" });

            migrationBuilder.CreateIndex(
                name: "ix_voice_calls_product_recorded_at",
                table: "voice_calls",
                columns: new[] { "product", "recorded_at" });

            migrationBuilder.Sql("""
                INSERT INTO meet_rooms (id, product, owner_id, name, recording_location, recording_size_bytes, duration_seconds, recorded_at, egress_id, created_at)
                SELECT id, product, owner_id, left(subject, 200), recording_location, recording_size_bytes, duration_seconds, recorded_at, egress_id, created_at
                FROM recordings WHERE kind = 'Meet';
                INSERT INTO voice_calls (id, product, owner_id, participants, recording_location, recording_size_bytes, duration_seconds, recorded_at, created_at)
                SELECT id, product, owner_id, subject, recording_location, recording_size_bytes, duration_seconds, recorded_at, created_at
                FROM recordings WHERE kind = 'Voice';
                UPDATE recording_clips c SET source_type = r.kind FROM recordings r WHERE r.id = c.source_id;
                """);

            migrationBuilder.DropTable(
                name: "recordings");
        }
    }
}
