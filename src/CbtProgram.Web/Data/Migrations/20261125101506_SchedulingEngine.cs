using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week",
                table: "scheduled_events");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "scheduled_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "JobId",
                table: "scheduled_events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "scheduled_events",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "scheduled_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Link = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events",
                columns: new[] { "EnrolmentId", "Kind", "Week", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_Key",
                table: "notices",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_UserId_ReadAt",
                table: "notices",
                columns: new[] { "UserId", "ReadAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "scheduled_events");

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week",
                table: "scheduled_events",
                columns: new[] { "EnrolmentId", "Kind", "Week" },
                unique: true);
        }
    }
}
