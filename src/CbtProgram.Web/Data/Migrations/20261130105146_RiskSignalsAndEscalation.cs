using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RiskSignalsAndEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_risk_alerts_measure_responses_MeasureResponseId",
                table: "risk_alerts");

            migrationBuilder.DropIndex(
                name: "IX_risk_alerts_PatientId",
                table: "risk_alerts");

            migrationBuilder.RenameColumn(
                name: "EscalatedAt",
                table: "risk_alerts",
                newName: "UnresolvedReminderAt");

            migrationBuilder.AlterColumn<Guid>(
                name: "MeasureResponseId",
                table: "risk_alerts",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<int?[]>(
                name: "Answers",
                table: "risk_alerts",
                type: "integer[]",
                nullable: false,
                defaultValue: new int?[0]);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedToAdminsAt",
                table: "risk_alerts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedToLeadsAt",
                table: "risk_alerts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MeasureId",
                table: "risk_alerts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Point",
                table: "risk_alerts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Week",
                table: "risk_alerts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "questionnaire_drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    MeasureId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Point = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Week = table.Column<int>(type: "integer", nullable: false),
                    Answers = table.Column<int?[]>(type: "integer[]", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_questionnaire_drafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_questionnaire_drafts_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_alerts_open",
                table: "risk_alerts",
                column: "RaisedAt",
                filter: "\"ResolvedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_risk_alerts_PatientId_MeasureId_Point_Week",
                table: "risk_alerts",
                columns: new[] { "PatientId", "MeasureId", "Point", "Week" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_questionnaire_drafts_PatientId_MeasureId_Point_Week",
                table: "questionnaire_drafts",
                columns: new[] { "PatientId", "MeasureId", "Point", "Week" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_risk_alerts_measure_responses_MeasureResponseId",
                table: "risk_alerts",
                column: "MeasureResponseId",
                principalTable: "measure_responses",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_risk_alerts_measure_responses_MeasureResponseId",
                table: "risk_alerts");

            migrationBuilder.DropTable(
                name: "questionnaire_drafts");

            migrationBuilder.DropIndex(
                name: "IX_risk_alerts_open",
                table: "risk_alerts");

            migrationBuilder.DropIndex(
                name: "IX_risk_alerts_PatientId_MeasureId_Point_Week",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "Answers",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "EscalatedToAdminsAt",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "EscalatedToLeadsAt",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "MeasureId",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "Point",
                table: "risk_alerts");

            migrationBuilder.DropColumn(
                name: "Week",
                table: "risk_alerts");

            migrationBuilder.RenameColumn(
                name: "UnresolvedReminderAt",
                table: "risk_alerts",
                newName: "EscalatedAt");

            migrationBuilder.AlterColumn<Guid>(
                name: "MeasureResponseId",
                table: "risk_alerts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_alerts_PatientId",
                table: "risk_alerts",
                column: "PatientId");

            migrationBuilder.AddForeignKey(
                name: "FK_risk_alerts_measure_responses_MeasureResponseId",
                table: "risk_alerts",
                column: "MeasureResponseId",
                principalTable: "measure_responses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
