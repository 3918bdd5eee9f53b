using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CbtProgram.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PackedSummaryWeeks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "CompletedModules",
                table: "patient_summaries",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<bool>(
                name: "FirstModuleOpened",
                table: "patient_summaries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ModulesCompleted",
                table: "patient_summaries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "OpenAlerts",
                table: "patient_summaries",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "Sessions",
                table: "patient_summaries",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            // The stored arrays packed as SummaryWeeks and SummaryAlerts pack them, in the arrays' order.
            migrationBuilder.Sql("""
                UPDATE patient_summaries s SET
                    "Sessions" = COALESCE((SELECT string_agg(int4send(x.w) || timestamptz_send(x.t), ''::bytea ORDER BY x.i)
                                           FROM unnest(s."SessionWeeks", s."SessionOpensAt") WITH ORDINALITY AS x(w, t, i)), ''::bytea),
                    "CompletedModules" = COALESCE((SELECT string_agg(int4send(x.w) || timestamptz_send(x.t), ''::bytea ORDER BY x.i)
                                                   FROM unnest(s."CompletedWeeks", s."CompletedAt") WITH ORDINALITY AS x(w, t, i)), ''::bytea),
                    "ModulesCompleted" = cardinality(s."CompletedWeeks"),
                    "FirstModuleOpened" = 1 = ANY(s."OpenedWeeks"),
                    "OpenAlerts" = COALESCE((SELECT string_agg(uuid_send(x.id) || timestamptz_send(x.t) || boolsend(x.a), ''::bytea ORDER BY x.i)
                                             FROM unnest(s."OpenAlertIds", s."OpenAlertRaisedAt", s."OpenAlertAcknowledged") WITH ORDINALITY AS x(id, t, a, i)), ''::bytea);
                """);

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "CompletedWeeks",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "OpenAlertAcknowledged",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "OpenAlertIds",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "OpenAlertRaisedAt",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "OpenedWeeks",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "SessionOpensAt",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "SessionWeeks",
                table: "patient_summaries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset[]>(
                name: "CompletedAt",
                table: "patient_summaries",
                type: "timestamp with time zone[]",
                nullable: false,
                defaultValue: new DateTimeOffset[0]);

            migrationBuilder.AddColumn<int[]>(
                name: "CompletedWeeks",
                table: "patient_summaries",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            migrationBuilder.AddColumn<bool[]>(
                name: "OpenAlertAcknowledged",
                table: "patient_summaries",
                type: "boolean[]",
                nullable: false,
                defaultValue: new bool[0]);

            migrationBuilder.AddColumn<Guid[]>(
                name: "OpenAlertIds",
                table: "patient_summaries",
                type: "uuid[]",
                nullable: false,
                defaultValue: new Guid[0]);

            migrationBuilder.AddColumn<DateTimeOffset[]>(
                name: "OpenAlertRaisedAt",
                table: "patient_summaries",
                type: "timestamp with time zone[]",
                nullable: false,
                defaultValue: new DateTimeOffset[0]);

            migrationBuilder.AddColumn<int[]>(
                name: "OpenedWeeks",
                table: "patient_summaries",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            migrationBuilder.AddColumn<DateTimeOffset[]>(
                name: "SessionOpensAt",
                table: "patient_summaries",
                type: "timestamp with time zone[]",
                nullable: false,
                defaultValue: new DateTimeOffset[0]);

            migrationBuilder.AddColumn<int[]>(
                name: "SessionWeeks",
                table: "patient_summaries",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            // Each packed value read back into its arrays: a week is 4 bytes, an instant 8 (microseconds since 2000), a uuid 16.
            const string Week = "('x' || encode(substring({0} FROM i + 1 FOR 4), 'hex'))::bit(32)::int";
            const string Instant = "timestamptz '2000-01-01 00:00:00+00' + ('x' || encode(substring({0} FROM i + {1} FOR 8), 'hex'))::bit(64)::bigint * interval '1 microsecond'";
            string Each(string column, int size, string value) => $"ARRAY(SELECT {value} FROM generate_series(0, length(s.\"{column}\") - {size}, {size}) AS i ORDER BY i)";
            migrationBuilder.Sql($"""
                UPDATE patient_summaries s SET
                    "SessionWeeks" = {Each("Sessions", 12, string.Format(Week, "s.\"Sessions\""))},
                    "SessionOpensAt" = {Each("Sessions", 12, string.Format(Instant, "s.\"Sessions\"", 5))},
                    "CompletedWeeks" = {Each("CompletedModules", 12, string.Format(Week, "s.\"CompletedModules\""))},
                    "CompletedAt" = {Each("CompletedModules", 12, string.Format(Instant, "s.\"CompletedModules\"", 5))},
                    "OpenedWeeks" = ARRAY(SELECT m."Week" FROM patient_modules m WHERE m."PatientId" = s."PatientId" ORDER BY m."Week"),
                    "OpenAlertIds" = {Each("OpenAlerts", 25, "encode(substring(s.\"OpenAlerts\" FROM i + 1 FOR 16), 'hex')::uuid")},
                    "OpenAlertRaisedAt" = {Each("OpenAlerts", 25, string.Format(Instant, "s.\"OpenAlerts\"", 17))},
                    "OpenAlertAcknowledged" = {Each("OpenAlerts", 25, "get_byte(s.\"OpenAlerts\", i + 24) <> 0")};
                """);

            migrationBuilder.DropColumn(
                name: "CompletedModules",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "FirstModuleOpened",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "ModulesCompleted",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "OpenAlerts",
                table: "patient_summaries");

            migrationBuilder.DropColumn(
                name: "Sessions",
                table: "patient_summaries");
        }
    }
}
