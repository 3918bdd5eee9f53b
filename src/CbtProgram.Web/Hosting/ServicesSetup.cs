using CbtProgram.Web.Accounts;
using CbtProgram.Web.App;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Accounts.Lifecycle;
using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Care;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Crisis;
using CbtProgram.Web.Curriculum;
using CbtProgram.Web.Data;
using CbtProgram.Web.Health;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Notifications.Push;
using CbtProgram.Web.Operations;
using CbtProgram.Web.Outcomes.Fhir;
using CbtProgram.Web.Outcomes.Research;
using CbtProgram.Web.Outcomes;
using CbtProgram.Web.Retention;
using CbtProgram.Web.Scheduling;
using CbtProgram.Web.Security;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Hosting;

/// <summary>The composition root's two halves: what the site is made of, and the order requests pass through it.</summary>
public static class ServicesSetup
{
    public static WebApplicationBuilder AddCbtServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!builder.Environment.IsDevelopment())
            builder.Logging.ClearProviders().AddJsonConsole();

        services.AddSingleton(TimeProvider.System);
        services.AddCbtData(builder.Configuration);
        services.AddCbtAccounts();
        services.AddCbtMfa(builder.Configuration, builder.Environment);
        services.AddCbtSessions(builder.Configuration);
        services.AddCbtAccountLifecycle();
        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, AppUserClaimsFactory>();
        services.AddCbtJobs(builder.Configuration);
        services.AddCbtScheduling();
        services.AddCbtHealth();
        services.AddCbtOperations(builder.Configuration);
        services.AddCbtCurriculum();
        services.AddCbtJourney();
        services.AddCbtApp();
        services.AddCbtCare();
        services.AddCbtCaseloadSummaries();
        services.AddCbtFhirExport(builder.Configuration);
        services.AddCbtResearch();
        services.AddCbtOutcomes();
        services.AddCbtAudit(builder.Configuration);
        services.AddCbtNotifications(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddCbtPush(builder.Configuration);
        services.AddCbtRetention(builder.Configuration);
        services.AddCbtRateLimits(builder.Configuration);
        services.AddCbtDenyByDefault();
        services.Configure<CrisisResourcesOptions>(builder.Configuration.GetSection(CrisisResourcesOptions.Section));
        services.AddControllersWithViews(mvc => mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        builder.AddCbtTransport();
        services.AddAntiforgery(SessionsSetup.ConfigureAntiforgery);
        return builder;
    }

    public static WebApplication UseCbtPipeline(this WebApplication app)
    {
        app.UseCbtTransport(app.Environment, app.Configuration);
        if (app.Environment.IsDevelopment())
            app.UseDeveloperExceptionPage();
        else
            app.UseExceptionHandler("/error");
        app.UseSqlCommandHeader(app.Configuration);
        app.UseCbtSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseCookiePolicy(SessionsSetup.CookiePolicy);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCbtRateLimits();
        app.UseCbtStaffMfa();

        app.MapCbtHealth();
        app.MapCbtJobDashboard();
        app.MapCbtMetrics();
        app.MapControllers();
        return app;
    }
}
