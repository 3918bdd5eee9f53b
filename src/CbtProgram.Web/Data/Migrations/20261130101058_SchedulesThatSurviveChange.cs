using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SchedulesThatSurviveChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events");

            migrationBuilder.AddColumn<DateOnly>(
                name: "LocalDate",
                table: "scheduled_events",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "LocalTime",
                table: "scheduled_events",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(0, 0, 0));

            migrationBuilder.AddColumn<string>(
                name: "TimeZoneId",
                table: "scheduled_events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FinishedAt",
                table: "enrolments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events",
                columns: new[] { "EnrolmentId", "Kind", "Week", "Sequence" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_active_diary_reminder",
                table: "enrolments",
                column: "DiaryReminderTime",
                filter: "\"Status\" = 0 AND \"DiaryReminderTime\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events");

            migrationBuilder.DropIndex(
                name: "IX_enrolments_active_diary_reminder",
                table: "enrolments");

            migrationBuilder.DropColumn(
                name: "LocalDate",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "LocalTime",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "TimeZoneId",
                table: "scheduled_events");

            migrationBuilder.DropColumn(
                name: "FinishedAt",
                table: "enrolments");

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_EnrolmentId_Kind_Week_Sequence",
                table: "scheduled_events",
                columns: new[] { "EnrolmentId", "Kind", "Week", "Sequence" },
                unique: true);
        }
    }
}
