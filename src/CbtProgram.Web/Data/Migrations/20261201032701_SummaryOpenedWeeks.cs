using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SummaryOpenedWeeks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "OpenedWeeks",
                table: "patient_summaries",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            // The summaries already kept get their opened weeks from the modules, as a refresh would compute them.
            migrationBuilder.Sql("""
                UPDATE patient_summaries s
                SET "OpenedWeeks" = COALESCE((SELECT array_agg(m."Week" ORDER BY m."Week") FROM patient_modules m WHERE m."PatientId" = s."PatientId"), ARRAY[]::int[]);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OpenedWeeks",
                table: "patient_summaries");
        }
    }
}
