using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxLeasesBackoffAndDeadLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_SentAt_CreatedAt",
                table: "outbox_messages");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeadLetteredAt",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeasedUntil",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextAttemptAt",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Messages already queued: due from when they were queued, classed as MailPriorities.ForKey classes them
            // (event emails to patients, whose kind the key does not tell, stay notices), and those the old outbox gave
            // up on silently after 10 attempts become dead letters, shown and requeueable.
            migrationBuilder.Sql("""
                UPDATE outbox_messages SET
                    "NextAttemptAt" = "CreatedAt",
                    "Priority" = CASE
                        WHEN "Key" LIKE 'risk-alert:%' OR "Key" LIKE 'invitation:%' OR "Key" LIKE 'staff-account:%' THEN 0
                        WHEN "Key" LIKE 'diary-reminder:%' THEN 2
                        ELSE 1 END,
                    "DeadLetteredAt" = CASE WHEN "SentAt" IS NULL AND "Attempts" >= 10 THEN now() END
                """);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_CreatedAt",
                table: "outbox_messages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DeadLetteredAt",
                table: "outbox_messages",
                column: "DeadLetteredAt",
                filter: "\"DeadLetteredAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Priority_CreatedAt",
                table: "outbox_messages",
                columns: new[] { "Priority", "CreatedAt" },
                filter: "\"SentAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_CreatedAt",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_DeadLetteredAt",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_Priority_CreatedAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadLetteredAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "LeasedUntil",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt_CreatedAt",
                table: "outbox_messages",
                columns: new[] { "SentAt", "CreatedAt" });
        }
    }
}
