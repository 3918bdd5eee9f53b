using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// A caseload view reads the names of the therapist's own patients, not the clinic's whole list of accounts. Joined as a
/// set, PostgreSQL hashed the caseload's patients and read every account to probe them: in the load benchmark's clinic
/// (2,040 accounts) that was 1.2 ms of the database's time a view, the most of any statement under load.
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
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();

        // A clinic's worth of other accounts (patients of other therapists, staff), and statistics that say so.
        db.Users.AddRange(Enumerable.Range(1, OtherAccounts).Select(i => new AppUser
        {
            UserName = $"other-{i:D5}@example.org",
            NormalizedUserName = $"OTHER-{i:D5}@EXAMPLE.ORG",
            Email = $"other-{i:D5}@example.org",
            NormalizedEmail = $"OTHER-{i:D5}@EXAMPLE.ORG",
            DisplayName = $"Other Account {i:D5}",
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var accounts = await db.Users.CountAsync();
        await db.Database.ExecuteSqlRawAsync("""ANALYZE "AspNetUsers", patients, patient_summaries""");

        await using var transaction = await db.Database.BeginTransactionAsync();
        var before = await RowsRead.InThisTransactionAsync(db, "AspNetUsers");
        var rows = await scope.ServiceProvider.GetRequiredService<Caseload>().ForTherapistAsync(therapistId);
        var read = await RowsRead.InThisTransactionAsync(db, "AspNetUsers") - before;

        Assert.Equal(14, rows.Count);
        Assert.Contains(rows, r => r.Name == "Sam Patient");
        Assert.True(read <= rows.Count, $"a caseload of {rows.Count} read {read} account rows; the clinic has {accounts} accounts");
    }
}
