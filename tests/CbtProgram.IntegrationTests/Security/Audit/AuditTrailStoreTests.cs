using System.Net;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>
/// The trail itself: who, when and where; append-only for the site's database user; a hash chain that the page and the
/// command verify, and that names the first entry changed or deleted by someone with more rights. A site per test, as
/// several tests break the chain on purpose.
/// </summary>
public sealed class AuditTrailStoreTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().FromClientAddress();

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task ViewingARecord_RecordsTheAddressAndBrowser()
    {
        var therapist = (await _site.SignedInAsAsync("therapist@example.org")).WithBrowser();
        var patientId = await PatientIdAsync("patient@example.org");

        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/therapist/patients/{patientId}")).StatusCode);

        var viewed = Assert.Single(await _site.EntriesAsync(q => q.Where(e => e.Action == "viewed record" && e.PatientId == patientId)));
        Assert.Equal(AuditSite.ClientAddress.ToString(), viewed.IpAddress);
        Assert.Equal(AuditSite.Browser, viewed.UserAgent);
        Assert.Equal(await _site.UserIdAsync("therapist@example.org"), viewed.ActorId);
        Assert.Null(viewed.Detail);
        // Stored in the page's batch of reads, and sealed into the chain like any other entry.
        var chain = await VerifyAsync();
        Assert.True(chain.Intact, chain.Describe());
        Assert.Equal(viewed.Sequence, (await _site.EntriesAsync())[^1].Sequence);
    }

    [Fact]
    public async Task BackgroundWork_RecordsNoAddress()
    {
        await using (var scope = _site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordNowAsync("system", null, "test job ran");

        var entry = Assert.Single(await _site.EntriesAsync(q => q.Where(e => e.Action == "test job ran")));
        Assert.Null(entry.IpAddress);
        Assert.Null(entry.UserAgent);
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET \"Detail\" = 'nothing to see'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    public async Task TheSitesDatabaseUser_CannotChangeOrDeleteEntries(string sql)
    {
        await RecordAsync(3);
        var before = await _site.EntriesAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => _site.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        var after = await _site.EntriesAsync();
        Assert.Equal(before.Select(e => (e.Id, e.Detail)), after.Select(e => (e.Id, e.Detail)));
    }

    [Fact]
    public async Task Chain_OfEntriesWrittenByTheSite_Verifies()
    {
        await RecordAsync(5);

        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Describe());
        var entries = await _site.EntriesAsync();
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(n => (long?)n), entries.Select(e => e.Sequence));
        Assert.Equal(entries.Count, result.Checked);
    }

    [Fact]
    public async Task Chain_WithAnEntryChangedByTheOwner_IsBrokenAtThatEntry_OnThePageAndInTheCommand()
    {
        await RecordAsync(5);
        var victim = (await _site.EntriesAsync())[^3];

        await _site.TamperAsync($"UPDATE audit_entries SET \"ActorId\" = 'someone else' WHERE \"Sequence\" = {victim.Sequence}");

        var result = await VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(victim.Sequence, result.BrokenAt);
        Assert.Contains("does not match its hash", result.Problem);

        var output = new StringWriter();
        Assert.Equal(AuditVerifyCommand.BrokenExitCode, await AuditVerifyCommand.RunAsync(_site.Services, output));
        Assert.Contains($"broken at entry #{victim.Sequence}", output.ToString());

        var page = await VerifyOnThePageAsync();
        Assert.Contains($"broken at entry #{victim.Sequence}", page);
    }

    [Fact]
    public async Task Chain_WithAnEntryDeletedByTheOwner_NamesTheMissingEntry()
    {
        await RecordAsync(5);
        var victim = (await _site.EntriesAsync())[^2];

        await _site.TamperAsync($"DELETE FROM audit_entries WHERE \"Sequence\" = {victim.Sequence}");

        var result = await VerifyAsync();
        Assert.Equal(victim.Sequence, result.BrokenAt);
        Assert.Contains("missing (deleted)", result.Problem);
        Assert.Contains($"broken at entry #{victim.Sequence}", await VerifyOnThePageAsync());
    }

    [Fact]
    public async Task Chain_WithAnEntryInsertedOutsideTheChain_IsBrokenAtIt()
    {
        await RecordAsync(2);
        var last = (await _site.EntriesAsync())[^1];

        // The owner switches off the trigger that makes every new entry wait to be sealed, and writes a place and hash.
        await _site.ExecuteAsync("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_arrive; "
            + $"INSERT INTO audit_entries (\"Id\", \"At\", \"ActorId\", \"Action\", \"Sequence\", \"Hash\") VALUES (gen_random_uuid(), now(), 'x', 'forged', {last.Sequence + 1}, '\\x00'); "
            + "ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_arrive;");

        var result = await VerifyAsync();
        Assert.Equal(last.Sequence + 1, result.BrokenAt);
    }

    [Fact]
    public async Task Chain_AfterManyConcurrentWriters_Verifies()
    {
        var before = (await _site.EntriesAsync()).Count;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var scope = _site.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            audit.Record("system", null, "concurrent test", $"writer {i} first");
            audit.Record("system", null, "concurrent test", $"writer {i} second");
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        })));

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Describe());
        Assert.Equal(before + 80, result.Checked);
    }

    private async Task RecordAsync(int count)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        for (var i = 0; i < count; i++)
            await audit.RecordNowAsync("system", null, "test entry", $"number {i}");
    }

    private async Task<AuditChain.Result> VerifyAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync();
    }

    private async Task<string> VerifyOnThePageAsync()
    {
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var response = await admin.PostFormAsync("/admin/audit", "/admin/audit/verify", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    private async Task<Guid> PatientIdAsync(string email)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Patients.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email)).Select(p => p.Id).SingleAsync();
    }
}
