using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DiaryReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "DiaryRemindedOn",
                table: "enrolments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "DiaryReminderTime",
                table: "enrolments",
                type: "time without time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DiaryRemindedOn",
                table: "enrolments");

            migrationBuilder.DropColumn(
                name: "DiaryReminderTime",
                table: "enrolments");
        }
    }
}
