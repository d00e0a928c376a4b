using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenPurchases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "token_transactions",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.CreateTable(
                name: "demo_checkout_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    purchase_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    refunded_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_demo_checkout_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "token_packs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    tokens = table.Column<int>(type: "integer", nullable: false),
                    price_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_packs", x => x.id);
                    table.CheckConstraint("ck_token_packs_price", "price_minor_units > 0");
                    table.CheckConstraint("ck_token_packs_tokens", "tokens > 0");
                });

            migrationBuilder.CreateTable(
                name: "token_purchases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<string>(type: "text", nullable: false),
                    pack_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pack_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    tokens = table.Column<int>(type: "integer", nullable: false),
                    amount_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    return_url = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    checkout_session_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    failure_reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    payment_reference = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    credit_transaction_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    refunded_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    disputed_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    dispute_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    dispute_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tokens_taken_back = table.Column<int>(type: "integer", nullable: false),
                    tokens_not_recovered = table.Column<int>(type: "integer", nullable: false),
                    adjustments = table.Column<int>(type: "integer", nullable: false),
                    refund_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_purchases", x => x.id);
                    table.CheckConstraint("ck_token_purchases_amounts", "tokens > 0 AND amount_minor_units > 0 AND refunded_minor_units BETWEEN 0 AND amount_minor_units AND disputed_minor_units BETWEEN 0 AND amount_minor_units");
                    table.CheckConstraint("ck_token_purchases_reversal", "tokens_taken_back >= 0 AND tokens_not_recovered >= 0 AND tokens_taken_back + tokens_not_recovered <= tokens");
                    table.ForeignKey(
                        name: "fk_token_purchases_token_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "token_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_token_purchases_user_profiles_member_id",
                        column: x => x.member_id,
                        principalTable: "user_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_demo_checkout_sessions_idempotency_key",
                table: "demo_checkout_sessions",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_checkout_session_id",
                table: "token_purchases",
                column: "checkout_session_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_member_id_created_at",
                table: "token_purchases",
                columns: new[] { "member_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_member_id_request_id",
                table: "token_purchases",
                columns: new[] { "member_id", "request_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_pack_id",
                table: "token_purchases",
                column: "pack_id");

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_payment_reference",
                table: "token_purchases",
                column: "payment_reference");

            migrationBuilder.CreateIndex(
                name: "ix_token_purchases_status_created_at",
                table: "token_purchases",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "demo_checkout_sessions");

            migrationBuilder.DropTable(
                name: "token_purchases");

            migrationBuilder.DropTable(
                name: "token_packs");

            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "token_transactions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(255)",
                oldMaxLength: 255);
        }
    }
}
