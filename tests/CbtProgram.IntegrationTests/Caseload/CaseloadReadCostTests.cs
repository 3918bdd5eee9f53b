using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// A caseload view reads the names and summaries of the therapist's own patients, not the clinic's whole list of accounts
/// or summaries. Joined as a set, PostgreSQL hashed the caseload's patients and read every account to probe them: in the
/// load benchmark's clinic (2,040 accounts) that was 1.2 ms of the database's time a view, the most of any statement
/// under load.
/// </summary>
public sealed class CaseloadReadCostTests : IAsyncLifetime
{
    private const int OtherAccounts = 2_000;

    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory()
        .WithSetting("Demo:Caseload", "true").WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task ACaseloadView_ReadsTheNamesOfItsOwnPatientsOnly()
    {
        var (rows, read, clinic) = await ViewCaseloadAsync("AspNetUsers", otherPatients: false);

        Assert.Equal(14, rows.Count);
        Assert.Contains(rows, r => r.Name == "Sam Patient");
        Assert.True(read <= rows.Count, $"a caseload of {rows.Count} read {read} account rows; the clinic has {clinic} of them");
    }

    /// <summary>
    /// Nor does it read the clinic's other summaries: with the summary rows made narrow (packed values), PostgreSQL judged
    /// a hash of every summary cheaper than 50 lookups by key and read all 2,000 of the load benchmark's on each view.
    /// </summary>
    [Fact]
    public async Task ACaseloadView_ReadsTheSummariesOfItsOwnPatientsOnly()
    {
        var (rows, read, clinic) = await ViewCaseloadAsync("patient_summaries", otherPatients: true);

        Assert.Equal(14, rows.Count);
        Assert.True(read <= rows.Count, $"a caseload of {rows.Count} read {read} summary rows; the clinic has {clinic} of them");
    }

    /// <summary>
    /// Adds a clinic's worth of other accounts (as other therapists' patients when <paramref name="otherPatients"/>, each
    /// with a stored summary), gives PostgreSQL statistics that say so, then views the demo therapist's caseload and
    /// counts the rows it read from <paramref name="table"/>.
    /// </summary>
    private async Task<(IReadOnlyList<CaseloadRow> Rows, long Read, long Clinic)> ViewCaseloadAsync(string table, bool otherPatients)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var otherTherapistId = await db.Users.Where(u => u.Email == "lead@example.org").Select(u => u.Id).SingleAsync();

        var accounts = Enumerable.Range(1, OtherAccounts).Select(i => new AppUser
        {
            UserName = $"other-{i:D5}@example.org",
            NormalizedUserName = $"OTHER-{i:D5}@EXAMPLE.ORG",
            Email = $"other-{i:D5}@example.org",
            NormalizedEmail = $"OTHER-{i:D5}@EXAMPLE.ORG",
            DisplayName = $"Other Account {i:D5}",
        }).ToList();
        db.Users.AddRange(accounts);
        if (otherPatients)
            db.Patients.AddRange(accounts.Select(a => new Patient(a.Id, otherTherapistId, DateTimeOffset.UtcNow)));
        await db.SaveChangesAsync(); // the new patients' summaries are stored in the same transaction
        db.ChangeTracker.Clear();
        await db.Database.ExecuteSqlRawAsync("""ANALYZE "AspNetUsers", patients, patient_summaries""");
        var clinic = table == "patient_summaries" ? await db.Set<PatientSummary>().CountAsync() : await db.Users.CountAsync();

        await using var transaction = await db.Database.BeginTransactionAsync();
        var before = await RowsRead.InThisTransactionAsync(db, table);
        var rows = await scope.ServiceProvider.GetRequiredService<Caseload>().ForTherapistAsync(therapistId);
        var read = await RowsRead.InThisTransactionAsync(db, table) - before;
        return (rows, read, clinic);
    }
}
