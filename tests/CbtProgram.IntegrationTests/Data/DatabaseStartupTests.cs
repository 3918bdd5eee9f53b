using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CbtProgram.IntegrationTests.Data;

public sealed class DatabaseStartupTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Migrations_CoverTheWholeModel()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no migration: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task DemoSeeding_RunTwice_CreatesEachAccountOnce()
    {
        await site.Services.SeedDemoAccountsAsync(NullLogger.Instance);
        await site.Services.SeedDemoAccountsAsync(NullLogger.Instance);

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoAccounts.PatientEmail));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoAccounts.TherapistEmail));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoAccounts.AdminEmail));
        var patientUserId = await db.Users.Where(u => u.Email == DemoAccounts.PatientEmail).Select(u => u.Id).SingleAsync();
        var therapistId = await db.Users.Where(u => u.Email == DemoAccounts.TherapistEmail).Select(u => u.Id).SingleAsync();
        var patient = await db.Patients.SingleAsync(p => p.UserId == patientUserId);
        Assert.Equal(therapistId, patient.AssignedTherapistId);
    }

    [Fact]
    public async Task DataProtectionKeys_AreStoredInTheDatabase()
    {
        await site.SignedInAsAsync(DemoAccounts.PatientEmail);

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }
}
