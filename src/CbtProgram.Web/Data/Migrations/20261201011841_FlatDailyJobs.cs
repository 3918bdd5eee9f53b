using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FlatDailyJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_watermarks",
                columns: table => new
                {
                    Job = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Through = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_watermarks", x => x.Job);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_events_completed",
                table: "scheduled_events",
                column: "CompletedAt",
                filter: "\"CompletedAt\" IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "EnrolmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_finished_at",
                table: "enrolments",
                column: "FinishedAt",
                filter: "\"FinishedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_running",
                table: "enrolments",
                column: "Id",
                filter: "\"Status\" IN (0, 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_watermarks");

            migrationBuilder.DropIndex(
                name: "IX_scheduled_events_completed",
                table: "scheduled_events");

            migrationBuilder.DropIndex(
                name: "IX_enrolments_finished_at",
                table: "enrolments");

            migrationBuilder.DropIndex(
                name: "IX_enrolments_running",
                table: "enrolments");
        }
    }
}
