using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data;
using CbtProgram.Web.Data.EmbeddedServer;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Hosting;
using CbtProgram.Web.Notifications.Push;
using CbtProgram.Web.Outcomes.Research;
using CbtProgram.Web.Scheduling;

if (ValidateCommand.Matches(args))
{
    // The site's own configuration and environment (not the command's arguments), for the Production-only checks.
    var site = WebApplication.CreateBuilder();
    return ValidateCommand.Run(args, Console.Out, site.Configuration, site.Environment);
}

if (CbtProgram.Web.Security.KeyCertificateCommand.Matches(args))
    return CbtProgram.Web.Security.KeyCertificateCommand.Run(args, Console.Out, WebApplication.CreateBuilder().Configuration, TimeProvider.System);

var builder = WebApplication.CreateBuilder(args);
using var bootLog = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true));
var logger = bootLog.CreateLogger("CbtProgram");

EmbeddedPostgresServer? embeddedDatabase = null;
try
{
    PortCheck.EnsureFree(builder.Configuration);
    SafeStart.EnsureCrisisContacts(builder.Configuration, builder.Environment);
    CbtProgram.Web.Security.DeploymentChecks.Ensure(builder.Configuration, builder.Environment);
    embeddedDatabase = await builder.ProvideDatabaseAsync(logger);

    builder.AddCbtServices();
    var app = builder.Build();
    app.UseCbtPipeline();
    _ = app.Services.GetRequiredService<CbtProgram.Web.Safety.ClinicHours>(); // a clinic whose hours cannot be read would escalate nothing

    await app.Services.MigrateDatabaseAsync();
    await app.Services.EnsureRolesAsync();
    await app.Services.LoadCurriculumAsync();
    await app.Services.EnsureSafeProgramSettingsAsync();
    await app.Services.EnsureVapidKeysAsync();
    await app.Services.EnsureDefaultExportKeyAsync();
    await CbtProgram.Web.CaseloadSummary.CaseloadSummarySetup.BackfillPatientSummariesAsync(app.Services, logger);
    if (RecomputeCommand.Matches(args))
        return await RecomputeCommand.RunAsync(app.Services, Console.Out);
    if (CbtProgram.Web.Audit.AuditVerifyCommand.Matches(args))
        return await CbtProgram.Web.Audit.AuditVerifyCommand.RunAsync(app.Services, Console.Out);
    if (CbtProgram.Web.Outcomes.Patients.OutcomesRebuildCommand.Matches(args))
        return await CbtProgram.Web.Outcomes.Patients.OutcomesRebuildCommand.RunAsync(app.Services, Console.Out);
    if (CbtProgram.Web.CaseloadSummary.CaseloadRebuildCommand.Matches(args))
        return await CbtProgram.Web.CaseloadSummary.CaseloadRebuildCommand.RunAsync(app.Services, Console.Out);
    app.Services.RegisterRecurringJobs();
    if (app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment()))
        await app.Services.SeedDemoAccountsAsync(logger);

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Explain(e) is { } reason)
{
    await Console.Error.WriteLineAsync($"CbtProgram could not start: {reason}");
    return 1;
}
finally
{
    if (embeddedDatabase is not null)
        await embeddedDatabase.DisposeAsync();
}

/// <summary>Exposed so the test projects' WebApplicationFactory can find the entry point.</summary>
public partial class Program;
