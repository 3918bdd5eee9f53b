using System.Net;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Curriculum;

/// <summary>
/// program.yaml and the measures change only through a draft that an admin reviews and publishes with a note; a site
/// started on a copy of the shipped files that the tests then change.
/// </summary>
public sealed class ProgramSettingsTests : IAsyncLifetime
{
    private const string NoItem9Rule = "PHQ-9 has no risk rule for item 9";
    private static readonly string Shipped = Path.Combine(TestDatabaseServer.RepositoryRoot(), "curriculum");
    private readonly string _copy = Directory.CreateTempSubdirectory("cbt-settings-").FullName;
    private readonly CbtWebApplicationFactory _site = new();

    public async Task InitializeAsync()
    {
        foreach (var dir in Directory.GetDirectories(Shipped, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(Shipped, _copy, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(Shipped, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(Shipped, _copy, StringComparison.Ordinal));
        _site.WithSetting("Curriculum:Folder", _copy);
        await _site.InitializeAsync();
        _ = _site.Server;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_copy, recursive: true);
    }

    [Fact]
    public async Task FirstStart_PublishesTheFilesAsVersion1()
    {
        var live = await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().LiveAsync());

        Assert.Equal(1, live!.Number);
        Assert.Equal(ProgramSettingsVersion.FromFiles, live.PublishedBy);
        Assert.Equal(File.ReadAllText(Path.Combine(Shipped, "program.yaml")), live.Files.Single(f => f.Path == "program.yaml").Content);
        Assert.Equal(5, live.Files.Count);
    }

    [Fact]
    public async Task ImportingAChangedProgramFile_MakesADraft_AndLeavesTheLiveSettingsAlone()
    {
        Change("program.yaml", "alert_escalation_working_hours: 4", "alert_escalation_working_hours: 6");
        var admin = await _site.SignedInAsAsync("admin@example.org");

        var imported = await admin.PostFormAsync("/admin/curriculum", "/admin/curriculum/import", []);
        var notice = await admin.GetStringAsync(imported.Headers.Location!.OriginalString);
        var review = await admin.GetStringAsync("/admin/curriculum/settings/draft");

        Assert.Contains("The program settings (program.yaml and the questionnaires) differ from the live ones: imported as a draft", notice);
        Assert.Contains("Risk alerts: Escalation to the clinical leads", review);
        Assert.Contains("after 4 working hours without acknowledgement", review);
        Assert.Contains("after 6 working hours without acknowledgement", review);
        Assert.Contains("alert_escalation_working_hours: 6", review);
        Assert.Equal(4, (await LiveProgramAsync()).Risk.AlertEscalationWorkingHours);
        Assert.Equal(1, (await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().LiveAsync()))!.Number);
        var draft = await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync());
        Assert.Contains("alert_escalation_working_hours: 6", draft!.Files.Single(f => f.Path == "program.yaml").Content);
    }

    [Fact]
    public async Task Restart_WithChangedFiles_NeverChangesTheLiveSettings()
    {
        Change("measures/phq-9.yaml", "total_at_least: 20", "total_at_least: 18");
        await using var restarted = new CbtWebApplicationFactory().SharingDatabaseWith(_site).WithSetting("Curriculum:Folder", _copy);
        var admin = await restarted.SignedInAsAsync("admin@example.org");

        var page = await admin.GetStringAsync("/admin/curriculum");

        Assert.Contains("differ from the live program settings (program.yaml or the questionnaires)", page);
        await using var scope = restarted.Services.CreateAsyncScope();
        Assert.Equal(20, (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().MeasureAsync("phq-9"))!.RiskRules.Single(r => r.TotalAtLeast is not null).TotalAtLeast);
        Assert.Single(await scope.ServiceProvider.GetRequiredService<ProgramSettingsCatalog>().HistoryAsync());
    }

    [Fact]
    public async Task Publishing_NeedsANote_ThenNamesThePublisher_WritesTheAuditLog_AndChangesTheLiveSettings()
    {
        Change("program.yaml", "session_reminder_hours_before: 24", "session_reminder_hours_before: 12");
        var admin = await _site.SignedInAsAsync("admin@example.org");
        await admin.PostFormAsync("/admin/curriculum", "/admin/curriculum/import", []);
        var revision = (await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync()))!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var withoutNote = await admin.PostFormAsync("/admin/curriculum/settings/draft", "/admin/curriculum/settings/draft/publish",
            [new("revision", revision), new("changeNote", "  ")]);
        var refusedPage = await withoutNote.Content.ReadAsStringAsync();
        var liveAfterRefusal = await LiveProgramAsync();

        var published = await admin.PostFormAsync("/admin/curriculum/settings/draft", "/admin/curriculum/settings/draft/publish",
            [new("revision", revision), new("changeNote", "Session reminders 12 hours before, as the clinic asked")]);
        var history = await admin.GetStringAsync(published.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, withoutNote.StatusCode);
        Assert.Contains("Not published: Say in a few words what changed and why", refusedPage);
        Assert.Equal(24, liveAfterRefusal.Reminders.SessionReminderHoursBefore);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("Published as version 2.", history);
        Assert.Contains("Session reminders 12 hours before, as the clinic asked", history);
        Assert.Equal(12, (await LiveProgramAsync()).Reminders.SessionReminderHoursBefore);
        await using var scope = _site.Services.CreateAsyncScope();
        var live = await scope.ServiceProvider.GetRequiredService<ProgramSettingsCatalog>().LiveAsync();
        Assert.Equal((2, "Alex Admin"), (live!.Number, live.PublishedBy));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ProgramSettingsCatalog>().DraftAsync());
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var adminId = await db.Users.Where(u => u.Email == "admin@example.org").Select(u => u.Id).SingleAsync();
        var audit = await db.AuditEntries.Where(e => e.Action == ProgramSettingsDrafts.PublishedAction).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(adminId, entry.ActorId);
        Assert.Equal("version 2: Session reminders 12 hours before, as the clinic asked", entry.Detail);
        Assert.Contains("published program settings", await admin.GetStringAsync("/admin/audit"));
    }

    [Fact]
    public async Task ImportingFilesWithoutTheItem9Rule_ImportsNothing_AndSaysWhichFileAndLine()
    {
        var line = RemoveItem9Rule();
        var admin = await _site.SignedInAsAsync("admin@example.org");

        var imported = await admin.PostFormAsync("/admin/curriculum", "/admin/curriculum/import", []);
        var page = await admin.GetStringAsync(imported.Headers.Location!.OriginalString);

        Assert.Contains("Nothing was imported: the files have 1 problem", page);
        Assert.Contains($"measures/phq-9.yaml:{line}: {NoItem9Rule}", page);
        Assert.Null(await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync()));
    }

    [Fact]
    public async Task PublishingADraftWithoutTheItem9Rule_IsRefusedWithTheMessage_AndChangesNothing()
    {
        // Import refuses such files (above), so a draft like this can only predate the rule; publishing checks again.
        var line = RemoveItem9Rule();
        var files = Directory.EnumerateFiles(_copy, "*.yaml", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/modules/", StringComparison.Ordinal))
            .Select(p => new SettingsFile(Path.GetRelativePath(_copy, p), File.ReadAllText(p))).ToList();
        Assert.Equal(ProgramSettingsDrafts.Imported.Drafted,
            await ScopedAsync(s => s.GetRequiredService<ProgramSettingsDrafts>().ImportAsync(files, "Alex Admin")));
        var revision = (await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync()))!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var admin = await _site.SignedInAsAsync("admin@example.org");

        var review = await admin.GetStringAsync("/admin/curriculum/settings/draft");
        var response = await admin.PostFormAsync("/admin/curriculum/settings/draft", "/admin/curriculum/settings/draft/publish",
            [new("revision", revision), new("changeNote", "Tidy the PHQ-9 rules")]);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("This draft cannot be published", review);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Not published: the draft has 1 problem, listed below. The live settings are unchanged.", page);
        Assert.Contains($"measures/phq-9.yaml:{line}: {NoItem9Rule}", page);
        Assert.Contains((await LiveMeasureAsync("phq-9")).RiskRules, r => r is { Item: 9, Above: 0 });
        await using var scope = _site.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<ProgramSettingsCatalog>();
        Assert.Equal(1, (await settings.LiveAsync())!.Number);
        Assert.NotNull(await settings.DraftAsync());
        Assert.Contains("item: 9", (await settings.LiveFilesAsync()).Single(f => f.Path == "measures/phq-9.yaml").Content);
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == ProgramSettingsDrafts.PublishedAction));
    }

    [Fact]
    public async Task ATherapist_CannotReviewOrPublishADraft()
    {
        Change("program.yaml", "module_nudge_days_after_open: 3", "module_nudge_days_after_open: 1");
        var admin = await _site.SignedInAsAsync("admin@example.org");
        await admin.PostFormAsync("/admin/curriculum", "/admin/curriculum/import", []);
        var revision = (await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync()))!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var therapist = await _site.SignedInAsAsync("therapist@example.org");

        var review = await therapist.GetAsync("/admin/curriculum/settings/draft");
        var publish = await therapist.PostFormAsync("/therapist", "/admin/curriculum/settings/draft/publish",
            [new("revision", revision), new("changeNote", "Nudge after one day")]);

        Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(3, (await LiveProgramAsync()).Reminders.ModuleNudgeDaysAfterOpen);
        Assert.NotNull(await ScopedAsync(s => s.GetRequiredService<ProgramSettingsCatalog>().DraftAsync()));
    }

    /// <summary>Takes PHQ-9's item-9 rule out of the copy; returns the line of risk_rules, where the problem is reported.</summary>
    private int RemoveItem9Rule()
    {
        var path = Path.Combine(_copy, "measures", "phq-9.yaml");
        var lines = File.ReadAllLines(path).ToList();
        Assert.Equal(1, lines.RemoveAll(l => l.Contains("{ item: 9, above: 0", StringComparison.Ordinal)));
        File.WriteAllLines(path, lines);
        return lines.FindIndex(l => l.StartsWith("risk_rules:", StringComparison.Ordinal)) + 1;
    }

    private void Change(string file, string find, string replace)
    {
        var path = Path.Combine(_copy, file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    private async Task<Web.Curriculum.Definitions.ProgramDefinition> LiveProgramAsync() =>
        (await _site.Services.GetRequiredService<ProgramCatalog>().GetAsync()).Program;

    private async Task<Web.Curriculum.Definitions.MeasureDefinition> LiveMeasureAsync(string id) =>
        (await _site.Services.GetRequiredService<ProgramCatalog>().MeasureAsync(id))!;

    private async Task<T> ScopedAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }
}
