using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomesSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_outcomes",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    MeasureId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Baseline = table.Column<double>(type: "double precision", nullable: true),
                    Mid = table.Column<double>(type: "double precision", nullable: true),
                    Post = table.Column<double>(type: "double precision", nullable: true),
                    FollowUp = table.Column<double>(type: "double precision", nullable: true),
                    BaselineDiaryDays = table.Column<int>(type: "integer", nullable: true),
                    PostDiaryDays = table.Column<int>(type: "integer", nullable: true),
                    FollowUpDiaryDays = table.Column<int>(type: "integer", nullable: true),
                    ChangePost = table.Column<double>(type: "double precision", nullable: true),
                    ChangeFollowUp = table.Column<double>(type: "double precision", nullable: true),
                    RciPost = table.Column<double>(type: "double precision", nullable: true),
                    RciFollowUp = table.Column<double>(type: "double precision", nullable: true),
                    CaseAtBaseline = table.Column<bool>(type: "boolean", nullable: true),
                    CaseAtPost = table.Column<bool>(type: "boolean", nullable: true),
                    CaseAtFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableImprovementPost = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableImprovementFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableDeteriorationPost = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableDeteriorationFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    RecoveryPost = table.Column<bool>(type: "boolean", nullable: true),
                    RecoveryFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableRecoveryPost = table.Column<bool>(type: "boolean", nullable: true),
                    ReliableRecoveryFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    ResponderPost = table.Column<bool>(type: "boolean", nullable: true),
                    ResponderFollowUp = table.Column<bool>(type: "boolean", nullable: true),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_outcomes", x => new { x.PatientId, x.MeasureId });
                    table.ForeignKey(
                        name: "FK_patient_outcomes_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_patient_outcomes_MeasureId_StartDate",
                table: "patient_outcomes",
                columns: new[] { "MeasureId", "StartDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_outcomes");
        }
    }
}
