using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TherapistPagesIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_diary_entries_PatientId_UpdatedAt",
                table: "diary_entries",
                columns: new[] { "PatientId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_PatientId_Action",
                table: "audit_entries",
                columns: new[] { "PatientId", "Action" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_diary_entries_PatientId_UpdatedAt",
                table: "diary_entries");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_PatientId_Action",
                table: "audit_entries");
        }
    }
}
