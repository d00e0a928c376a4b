using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Email : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "email_opt_outs",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_opt_outs", x => new { x.user_id, x.category });
                    table.ForeignKey(
                        name: "fk_email_opt_outs_user_profiles_user_id",
                        column: x => x.user_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dedup_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    recipient_id = table.Column<string>(type: "text", nullable: true),
                    address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: true),
                    enrollment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    tokens = table.Column<int>(type: "integer", nullable: true),
                    balance = table.Column<int>(type: "integer", nullable: true),
                    class_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    previous_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_outbox", x => x.id);
                    table.CheckConstraint("ck_email_outbox_attempts", "attempts >= 0");
                    table.ForeignKey(
                        name: "fk_email_outbox_user_profiles_recipient_id",
                        column: x => x.recipient_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "instructor_follows",
                columns: table => new
                {
                    member_id = table.Column<string>(type: "text", nullable: false),
                    instructor_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instructor_follows", x => new { x.member_id, x.instructor_id });
                    table.CheckConstraint("ck_instructor_follows_not_self", "member_id <> instructor_id");
                    table.ForeignKey(
                        name: "fk_instructor_follows_user_profiles_instructor_id",
                        column: x => x.instructor_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_instructor_follows_user_profiles_member_id",
                        column: x => x.member_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_dedup_key",
                table: "email_outbox",
                column: "dedup_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_due",
                table: "email_outbox",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_enrollment_id_kind",
                table: "email_outbox",
                columns: new[] { "enrollment_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_recipient_id",
                table: "email_outbox",
                column: "recipient_id");

            migrationBuilder.CreateIndex(
                name: "ix_instructor_follows_instructor_id",
                table: "instructor_follows",
                column: "instructor_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_opt_outs");

            migrationBuilder.DropTable(
                name: "email_outbox");

            migrationBuilder.DropTable(
                name: "instructor_follows");
        }
    }
}
