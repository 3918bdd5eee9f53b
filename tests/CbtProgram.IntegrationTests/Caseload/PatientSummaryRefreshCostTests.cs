using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// Refreshing one patient's summary (what every diary save, questionnaire and message does) reads that patient's rows
/// and no one else's. At 2,000 patients the refresh once computed every patient's facts before keeping the one asked
/// for: 0.65 s a diary save, and the diary save fell to a few requests a second under load.
/// </summary>
public sealed class PatientSummaryRefreshCostTests : IAsyncLifetime
{
    private static readonly string[] PatientTables = ["diary_entries", "scheduled_events", "measure_responses", "patient_modules", "messages", "risk_alerts"];

    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory()
        .WithSetting("Demo:Caseload", "true").WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task RefreshingOnePatient_ReadsOnlyThatPatientsRows()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.Email == DemoAccounts.PatientEmail).Select(u => u.Id).SingleAsync();
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.UserId == userId);
        var everyone = await db.Patients.CountAsync();
        var own = await OwnRowsAsync(db, patient.Id);
#pragma warning disable EF1002 // the SQL is made of this class's own table names, never of input
        var all = await db.Database.SqlQueryRaw<long>(
            $"SELECT ({string.Join(" + ", PatientTables.Select(t => $"(SELECT count(*) FROM {t})"))})::bigint AS \"Value\"").SingleAsync();
#pragma warning restore EF1002
        Assert.True(everyone >= 10 && all > 10 * own, $"the demo caseload gives {everyone} patients and {all} rows ({own} the patient's own)");

        // These tables are small here, and PostgreSQL rightly reads a small table whole, which says nothing about whose
        // facts were computed. So the refresh is planned afresh (ANALYZE drops the plans made of these tables) with
        // whole-table reads ruled out, as they are at a clinic's size: then each row read is a row of a patient computed.
#pragma warning disable EF1002 // the SQL is made of this class's own table names, never of input
        await db.Database.ExecuteSqlRawAsync($"ANALYZE enrolments, {string.Join(", ", PatientTables)}");
#pragma warning restore EF1002
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        var before = await RowsRead.InThisTransactionAsync(db, PatientTables);
        var enrolmentsBefore = await RowsRead.InThisTransactionAsync(db, "enrolments");
        await scope.ServiceProvider.GetRequiredService<PatientSummaries>().RefreshAsync([patient.Id]);
        var read = await RowsRead.InThisTransactionAsync(db, PatientTables) - before;
        var enrolmentsRead = await RowsRead.InThisTransactionAsync(db, "enrolments") - enrolmentsBefore;

        // Read by index, as a clinic's tables are, the refresh looks at fewer rows than the patient has (54 of 74: the
        // diary's last 35 days, the sessions, the PHQ-9s...). Computing other patients' facts reads more: the statement
        // that started from every patient read 129 here, and 1,260 before the tables were analysed.
        Assert.True(read <= own, $"refreshing one patient read {read} rows; the patient has {own} and the {everyone} patients {all}");

        // The patient's enrolment is looked up by the patient's id. Joined to the targets as a set, the planner read
        // every enrolment to hash them (2,000 a diary save in the load benchmark, a whole-table read at 100,000).
        Assert.Equal(1, enrolmentsRead);
    }

    private static async Task<long> OwnRowsAsync(AppDbContext db, Guid patientId) =>
        await db.Database.SqlQueryRaw<long>(
            """
            SELECT ((SELECT count(*) FROM diary_entries WHERE "PatientId" = @p0)
                  + (SELECT count(*) FROM scheduled_events s JOIN enrolments e ON e."Id" = s."EnrolmentId" WHERE e."PatientId" = @p0)
                  + (SELECT count(*) FROM measure_responses WHERE "PatientId" = @p0)
                  + (SELECT count(*) FROM patient_modules WHERE "PatientId" = @p0)
                  + (SELECT count(*) FROM messages WHERE "PatientId" = @p0)
                  + (SELECT count(*) FROM risk_alerts WHERE "PatientId" = @p0))::bigint AS "Value"
            """, patientId).SingleAsync();
}
