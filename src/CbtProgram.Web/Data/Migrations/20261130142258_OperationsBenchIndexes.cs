using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OperationsBenchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events");

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events",
                column: "DueAt",
                filter: "\"Status\" IN (0, 4)")
                .Annotation("Npgsql:IndexInclude", new[] { "EnrolmentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events");

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_waiting_due",
                table: "scheduled_events",
                column: "DueAt",
                filter: "\"Status\" IN (0, 4)");
        }
    }
}
