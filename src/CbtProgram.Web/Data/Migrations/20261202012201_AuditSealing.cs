using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditSealing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "audit_entries",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Hash",
                table: "audit_entries",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Unsealed",
                table: "audit_entries",
                columns: new[] { "At", "Id" },
                filter: "\"Sequence\" IS NULL");

            // Entries arrive unsealed and are chained in batches (Audit/AuditChainSql.SealInBatches).
            migrationBuilder.Sql(CbtProgram.Web.Audit.AuditChainSql.SealInBatches);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The waiting entries sealed, then chaining on insert again.
            migrationBuilder.Sql(CbtProgram.Web.Audit.AuditChainSql.SealInBatchesUndo);

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_Unsealed",
                table: "audit_entries");

            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "audit_entries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.AlterColumn<byte[]>(
                name: "Hash",
                table: "audit_entries",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);
        }
    }
}
