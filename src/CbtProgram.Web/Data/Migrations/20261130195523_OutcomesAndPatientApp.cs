using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomesAndPatientApp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionKey",
                table: "diary_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outcome_watches",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rule = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FlaggedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Episodes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outcome_watches", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_outcome_watches_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "push_devices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    P256dh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Auth = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSuccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_push_devices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_push_devices_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "read_aloud_preferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    On = table.Column<bool>(type: "boolean", nullable: false),
                    Voice = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SpeedPercent = table.Column<int>(type: "integer", nullable: false),
                    Sounds = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_aloud_preferences", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_read_aloud_preferences_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reminder_preferences",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelsJson = table.Column<string>(type: "jsonb", nullable: false),
                    QuietFrom = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    QuietUntil = table.Column<TimeOnly>(type: "time without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_preferences", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_reminder_preferences_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "research_consents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Agreed = table.Column<bool>(type: "boolean", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_research_consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_research_consents_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "research_export_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SealedSecret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_research_export_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "vapid_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    PublicKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SealedPrivateKey = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vapid_keys", x => x.Id);
                    table.CheckConstraint("CK_vapid_keys_single_row", "\"Id\" = 1");
                });

            migrationBuilder.CreateIndex(
                name: "IX_patient_outcomes_MeasureId_StartDate",
                table: "patient_outcomes",
                columns: new[] { "MeasureId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_push_devices_Endpoint",
                table: "push_devices",
                column: "Endpoint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_push_devices_PatientId",
                table: "push_devices",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_research_consents_PatientId_Id",
                table: "research_consents",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_research_export_keys_Name",
                table: "research_export_keys",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outcome_watches");

            migrationBuilder.DropTable(
                name: "patient_outcomes");

            migrationBuilder.DropTable(
                name: "push_devices");

            migrationBuilder.DropTable(
                name: "read_aloud_preferences");

            migrationBuilder.DropTable(
                name: "reminder_preferences");

            migrationBuilder.DropTable(
                name: "research_consents");

            migrationBuilder.DropTable(
                name: "research_export_keys");

            migrationBuilder.DropTable(
                name: "vapid_keys");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "SubmissionKey",
                table: "diary_entries");
        }
    }
}
