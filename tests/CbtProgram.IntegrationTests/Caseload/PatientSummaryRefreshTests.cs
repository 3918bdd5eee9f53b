using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// An EF write and its caseload summary go to the database together: the summary's statements ride at the end of the
/// write's own command (<see cref="PatientSummaryRefresh"/>), so they cost no round trip of their own, and a summary
/// that cannot be stored undoes the write, also when the write opened no transaction.
/// </summary>
public sealed class PatientSummaryRefreshTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task AMessageSavedWithNoTransactionOpen_StoresItsSummaryInTheSameCommand()
    {
        var patient = await _site.CreatePatientAsync("refresh-one@example.org", "Refresh One");
        var sentAt = DateTimeOffset.UtcNow;
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var commands = SqlCommandCounter.Start();
        db.Messages.Add(new Message(patient.Id, patient.UserId, fromPatient: true, "Can we talk about my sleep?", sentAt));
        await db.SaveChangesAsync();

        // One command: the message, then the summary (before: the message, the summary, then a commit, three round trips).
        Assert.Equal(1, commands());
        var summary = await db.Set<PatientSummary>().AsNoTracking().SingleAsync(s => s.PatientId == patient.Id);
        Assert.Equal(1, summary.UnreadMessages);
        Assert.Equal(sentAt.ToUnixTimeMilliseconds(), summary.LastActivityAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task WhenTheSummaryCannotBeStored_TheWriteIsUndoneWithIt()
    {
        var patient = await _site.CreatePatientAsync("refresh-two@example.org", "Refresh Two");
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Another connection holds the patient's summary lock, and this one waits for a lock at most 300 ms.
        await using var holder = new NpgsqlConnection(db.Database.GetConnectionString());
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand(PatientSummaries.LockPatientSql("$1"), holder, held) { Parameters = { new() { Value = patient.Id } } })
            await take.ExecuteNonQueryAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET lock_timeout = '300ms'");

        db.Messages.Add(new Message(patient.Id, patient.UserId, fromPatient: true, "This one must not be kept", DateTimeOffset.UtcNow));
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Chain(failure).OfType<PostgresException>().First().SqlState);
        await held.RollbackAsync();

        // No transaction was open, yet the message went with the summary that failed.
        await using var check = _site.Services.CreateAsyncScope();
        var messages = await check.ServiceProvider.GetRequiredService<AppDbContext>().Messages.CountAsync(m => m.PatientId == patient.Id);
        Assert.Equal(0, messages);
    }

    private static IEnumerable<Exception> Chain(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
            yield return failure;
    }
}
