using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PackedSummaryDiary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "DiaryDays",
                table: "patient_summaries",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            // The stored days packed as SummaryDiaryDays packs them: per day its distance from DiaryFrom and its facts.
            migrationBuilder.Sql("""
                UPDATE patient_summaries s SET "DiaryDays" = COALESCE((
                    SELECT string_agg(int4send(x.d - s."DiaryFrom") || int4send(x.h::int | x.m::int * 2 | (x.k << 2)), ''::bytea ORDER BY x.d)
                    FROM unnest(s."DiaryDates", s."DiaryHeadache", s."DiaryMedicine", s."DiaryMedicineKinds") AS x(d, h, m, k)), ''::bytea);
                """);

            foreach (var column in new[] { "DiaryDates", "DiaryHeadache", "DiaryMedicine", "DiaryMedicineKinds" })
                migrationBuilder.DropColumn(name: column, table: "patient_summaries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly[]>(
                name: "DiaryDates",
                table: "patient_summaries",
                type: "date[]",
                nullable: false,
                defaultValue: new DateOnly[0]);

            migrationBuilder.AddColumn<bool[]>(
                name: "DiaryHeadache",
                table: "patient_summaries",
                type: "boolean[]",
                nullable: false,
                defaultValue: new bool[0]);

            migrationBuilder.AddColumn<bool[]>(
                name: "DiaryMedicine",
                table: "patient_summaries",
                type: "boolean[]",
                nullable: false,
                defaultValue: new bool[0]);

            migrationBuilder.AddColumn<int[]>(
                name: "DiaryMedicineKinds",
                table: "patient_summaries",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            migrationBuilder.Sql("""
                UPDATE patient_summaries s SET "DiaryDates" = x."Dates", "DiaryHeadache" = x."Headache", "DiaryMedicine" = x."Medicine", "DiaryMedicineKinds" = x."Kinds"
                FROM (
                    SELECT day."PatientId",
                           array_agg(day."From" + day."Offset" ORDER BY day."Offset") AS "Dates",
                           array_agg(day."Facts" & 1 <> 0 ORDER BY day."Offset") AS "Headache",
                           array_agg(day."Facts" & 2 <> 0 ORDER BY day."Offset") AS "Medicine",
                           array_agg(day."Facts" >> 2 ORDER BY day."Offset") AS "Kinds"
                    FROM (
                        SELECT p."PatientId", p."DiaryFrom" AS "From",
                               ('x' || encode(substring(p."DiaryDays" FROM i + 1 FOR 4), 'hex'))::bit(32)::int AS "Offset",
                               ('x' || encode(substring(p."DiaryDays" FROM i + 5 FOR 4), 'hex'))::bit(32)::int AS "Facts"
                        FROM patient_summaries p, generate_series(0, length(p."DiaryDays") - 8, 8) AS i) day
                    GROUP BY day."PatientId") x
                WHERE x."PatientId" = s."PatientId";
                """);

            migrationBuilder.DropColumn(
                name: "DiaryDays",
                table: "patient_summaries");
        }
    }
}
