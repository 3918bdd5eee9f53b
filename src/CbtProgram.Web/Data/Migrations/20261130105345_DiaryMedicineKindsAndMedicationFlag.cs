using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DiaryMedicineKindsAndMedicationFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MedicationFlagRaisedAt",
                table: "patients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MedicationFlagsRaised",
                table: "patients",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Aura",
                table: "diary_entries",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MedicineDoses",
                table: "diary_entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MedicineKinds",
                table: "diary_entries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "MenstrualDay",
                table: "diary_entries",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "diary_entries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RelaxationMinutes",
                table: "diary_entries",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MedicationFlagRaisedAt",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "MedicationFlagsRaised",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "Aura",
                table: "diary_entries");

            migrationBuilder.DropColumn(
                name: "MedicineDoses",
                table: "diary_entries");

            migrationBuilder.DropColumn(
                name: "MedicineKinds",
                table: "diary_entries");

            migrationBuilder.DropColumn(
                name: "MenstrualDay",
                table: "diary_entries");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "diary_entries");

            migrationBuilder.DropColumn(
                name: "RelaxationMinutes",
                table: "diary_entries");
        }
    }
}
