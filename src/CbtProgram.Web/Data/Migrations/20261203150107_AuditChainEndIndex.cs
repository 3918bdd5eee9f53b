using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditChainEndIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_entries_Sequence",
                table: "audit_entries");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Sequence",
                table: "audit_entries",
                column: "Sequence",
                unique: true,
                filter: "\"Sequence\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_entries_Sequence",
                table: "audit_entries");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Sequence",
                table: "audit_entries",
                column: "Sequence",
                unique: true);
        }
    }
}
