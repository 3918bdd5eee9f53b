using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Data;

/// <summary>
/// The command count the page tests and the load benchmark hold pages to counts every statement a request sends: also
/// the savepoint EF puts around a SaveChanges inside a transaction, its release, and the rollback to it when the save fails.
/// </summary>
public sealed class SqlCommandCounterTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task ASaveInsideATransaction_CountsTheSavepointAndItsRelease()
    {
        var patient = await _site.CreatePatientAsync("counter-one@example.org", "Counter One");
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var commands = SqlCommandCounter.Start();
        db.Messages.Add(new Message(patient.Id, patient.UserId, fromPatient: true, "Counted with its savepoint", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();

        // SAVEPOINT, the write (with the caseload summary's refresh), RELEASE SAVEPOINT.
        Assert.Equal(3, commands());
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task AFailedSaveInsideATransaction_CountsTheRollbackToTheSavepoint()
    {
        var patient = await _site.CreatePatientAsync("counter-two@example.org", "Counter Two");
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var commands = SqlCommandCounter.Start();
        db.Messages.Add(new Message(Guid.NewGuid(), patient.UserId, fromPatient: true, "No such patient", DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        // SAVEPOINT, the write that fails, ROLLBACK TO SAVEPOINT, then RELEASE SAVEPOINT (EF releases it either way).
        Assert.Equal(4, commands());
    }
}
