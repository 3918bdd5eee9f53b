using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OperationsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events",
                column: "DueAt",
                filter: "\"Status\" IN (0, 4)");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_unsent_created",
                table: "outbox_messages",
                column: "CreatedAt",
                filter: "\"SentAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_unsent_created",
                table: "outbox_messages");
        }
    }
}
