using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseloadSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_summaries",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnrolmentStatus = table.Column<int>(type: "integer", nullable: true),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SessionWeeks = table.Column<int[]>(type: "integer[]", nullable: false),
                    SessionOpensAt = table.Column<DateTimeOffset[]>(type: "timestamp with time zone[]", nullable: false),
                    FollowUpOpensAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FollowUpClosesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedWeeks = table.Column<int[]>(type: "integer[]", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset[]>(type: "timestamp with time zone[]", nullable: false),
                    BaselinePhq9Week = table.Column<int>(type: "integer", nullable: true),
                    BaselinePhq9Score = table.Column<int>(type: "integer", nullable: true),
                    BaselinePhq9Band = table.Column<string>(type: "text", nullable: true),
                    BaselinePhq9At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LatestPhq9Point = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LatestPhq9Week = table.Column<int>(type: "integer", nullable: true),
                    LatestPhq9Score = table.Column<int>(type: "integer", nullable: true),
                    LatestPhq9Band = table.Column<string>(type: "text", nullable: true),
                    LatestPhq9At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FollowUpAnswered = table.Column<bool>(type: "boolean", nullable: false),
                    LastDiaryAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BaselineDiaryDays = table.Column<int>(type: "integer", nullable: false),
                    BaselineHeadacheDays = table.Column<int>(type: "integer", nullable: false),
                    DiaryFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    DiaryDates = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    DiaryHeadache = table.Column<bool[]>(type: "boolean[]", nullable: false),
                    DiaryMedicine = table.Column<bool[]>(type: "boolean[]", nullable: false),
                    DiaryMedicineKinds = table.Column<int[]>(type: "integer[]", nullable: false),
                    LastActivityAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UnreadMessages = table.Column<int>(type: "integer", nullable: false),
                    NotOnTrackRule = table.Column<string>(type: "text", nullable: true),
                    OpenAlertIds = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    OpenAlertRaisedAt = table.Column<DateTimeOffset[]>(type: "timestamp with time zone[]", nullable: false),
                    OpenAlertAcknowledged = table.Column<bool[]>(type: "boolean[]", nullable: false),
                    RefreshedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_summaries", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_patient_summaries_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_summaries");
        }
    }
}
