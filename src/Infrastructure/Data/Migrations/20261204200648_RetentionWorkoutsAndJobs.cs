using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RetentionWorkoutsAndJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Quartz's job store (qrtz_*), from the PostgreSQL script shipped inside the Quartz package.
            migrationBuilder.Sql(QuartzSchema.Script());

            migrationBuilder.AddColumn<string>(
                name: "catalog_mark",
                table: "live_streams",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "None"); // classes that existed before the mark: nobody decided yet

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_deleted_at",
                table: "live_streams",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "workout_id",
                table: "live_streams",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deleted_at",
                table: "live_recordings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    manual = table.Column<bool>(type: "boolean", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    items_done = table.Column<int>(type: "integer", nullable: false),
                    items_failed = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workouts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    instructor_id = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    category = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    thumbnail_path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: false),
                    video_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    video_size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    is_published = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workouts", x => x.id);
                    table.CheckConstraint("ck_workouts_duration", "duration_seconds > 0");
                    table.ForeignKey(
                        name: "fk_workouts_user_profiles_instructor_id",
                        column: x => x.instructor_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job_name_started_at",
                table: "job_runs",
                columns: new[] { "job_name", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_workouts_instructor_id",
                table: "workouts",
                column: "instructor_id");

            migrationBuilder.CreateIndex(
                name: "ix_workouts_is_published_created_at",
                table: "workouts",
                columns: new[] { "is_published", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_workouts_source_stream_id",
                table: "workouts",
                column: "source_stream_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(QuartzSchema.DropScript());

            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "workouts");

            migrationBuilder.DropColumn(
                name: "catalog_mark",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "recording_deleted_at",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "workout_id",
                table: "live_streams");

            migrationBuilder.DropColumn(
                name: "deleted_at",
                table: "live_recordings");
        }
    }
}
