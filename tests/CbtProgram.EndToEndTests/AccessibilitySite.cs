using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>
/// The site for walking every page (<see cref="SitePages"/>): the demo accounts, plus what some pages need to show
/// something real: a patient half-way through onboarding, a curriculum draft, an invitation (and so a sent email), an
/// email given up on (and so a notice for the admins), an event that failed for good (for the operations page).
/// </summary>
public sealed partial class AccessibilitySite : BrowserSite
{
    public const string OnboardingEmail = "onboarding-walk@example.org";
    public const string StartingEmail = "starting-walk@example.org";
    public const string DraftWeek = "4";

    public AccessibilitySite() => WithSetting(Web.Accounts.RegistrationController.Setting, "true");

    /// <summary>Values for the {placeholders} in <see cref="SitePage.Url"/>.</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; private set; } = new Dictionary<string, string>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await ConsentedPatientAsync(db, OnboardingEmail, "Ola Onboarding");
        // Enrolled, starting next week, no questionnaires answered yet: the pages' empty states.
        var starting = await ConsentedPatientAsync(db, StartingEmail, "Sol Starting");
        var nextWeek = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var startingEnrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(starting,
            new SessionPreferences(Web.Demo.DemoJourney.DemoTimeZone, nextWeek.DayOfWeek, new TimeOnly(18, 0), nextWeek));
        // An event that failed for good, for the operations page's list (its error, attempts and Retry button).
        var failing = await db.ScheduledEvents.SingleAsync(e => e.EnrolmentId == startingEnrolment.Id && e.Kind == ScheduledEventKind.FollowUpCloses);
        for (var attempt = 0; attempt < Web.Scheduling.EventDispatcher.MaxAttempts; attempt++)
            failing.Fail("InvalidOperationException: a walk-through failure", Web.Scheduling.EventDispatcher.MaxAttempts, DateTimeOffset.UtcNow);

        // An unread notice on the half-way patient's home page, beside the questionnaires that are due.
        var halfway = await db.Users.SingleAsync(u => u.Email == "mid.way@example.org");
        db.Notices.Add(new Web.Notifications.Notice("walk-notice", halfway.Id, "Week 6 is ready for you.", "/patient/modules/6", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        // Sam has started week 3 (its check-in answered), so its later steps can be visited; Mo's week 6 check-in shows the form.
        await this.RecordCheckInAsync("patient@example.org", 3);

        // An email the mail server refused for good: its notice on every admin page, and the mail page's dead letters.
        var bounced = new Web.Notifications.OutboxMessage("walk-dead-letter", "no.such.person@example.org", "Your CbtProgram account is ready",
            "Choose your password.", Web.Notifications.MailPriority.Urgent, DateTimeOffset.UtcNow);
        bounced.Fail("5.1.1 Mailbox unavailable", DateTimeOffset.UtcNow, hopeless: true, jitter: 0);
        db.OutboxMessages.Add(bounced);
        await scope.ServiceProvider.GetRequiredService<Web.Notifications.DeadLetters>().TellAdminsAsync(bounced, CancellationToken.None);
        await db.SaveChangesAsync();

        var admin = await NewPageAsync(1280);
        await admin.SignInAsync("admin@example.org");
        await admin.GotoAsync($"/admin/curriculum/weeks/{DraftWeek}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit as a draft" }).ClickAsync();
        await admin.WaitForURLAsync(url => url.EndsWith("/draft", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await admin.GotoAsync("/therapist/invite");
        await admin.GetByLabel("Patient's name").FillAsync("Ira Invited");
        await admin.GetByLabel("Patient's email address").FillAsync("ira.invited@example.org");
        await admin.GetByLabel("Their therapist").SelectOptionAsync(new SelectOptionValue { Label = "Dr Robin Taylor" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation sent");
        await admin.Context.CloseAsync();
        await ProgramSettingsDraftAsync(scope.ServiceProvider);
        var invitation = scope.ServiceProvider.GetRequiredService<Web.Notifications.SealedMail>()
            .BodyToSend(await db.OutboxMessages.SingleAsync(m => m.To == "ira.invited@example.org"));

        var sam = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
            .SingleAsync(x => x.Email == "patient@example.org");
        var enrolment = await db.Enrolments.Where(e => e.PatientId == sam.Id).Select(e => e.Id).SingleAsync();
        var riley = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
            .SingleAsync(x => x.Email == "risk@example.org"); // an open risk alert
        var mo = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
            .SingleAsync(x => x.Email == "mid.way@example.org"); // a message from the patient
        var dee = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
            .SingleAsync(x => x.Email == SitePages.Accounts["patient-finished"]); // every point answered: a full outcome table
        var london = TimeZoneInfo.FindSystemTimeZoneById(Web.Demo.DemoJourney.DemoTimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DateTime);
        // Casey's diary for yesterday with medicine in it, so the walk sees the medicine questions answered beside the
        // medication-overuse prompt that Casey's diary raises.
        var casey = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
            .SingleAsync(x => x.Email == SitePages.Accounts["patient-medicine"]);
        var yesterday = await db.DiaryEntries.FirstOrDefaultAsync(e => e.PatientId == casey.Id && e.Date == today.AddDays(-1));
        if (yesterday is null)
            db.DiaryEntries.Add(yesterday = new Web.Domain.Diary.DiaryEntry(casey.Id, today.AddDays(-1)));
        yesterday.Record(new Web.Domain.Diary.DiaryDay(true, 6, 4, true, "Sumatriptan", "Short night", 4, 6.5m)
        {
            MedicineKinds = Web.Domain.Diary.AcuteMedicineKinds.Triptan, MedicineDoses = 1, RelaxationMinutes = 10, Aura = true,
            Note = "Headache started at work; lay down for an hour.",
        }, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        Placeholders = new Dictionary<string, string>
        {
            ["patient"] = sam.Id.ToString(),
            ["riskPatient"] = riley.Id.ToString(),
            ["finishedPatient"] = dee.Id.ToString(),
            ["messagingPatient"] = mo.Id.ToString(),
            ["enrolment"] = enrolment.ToString(),
            ["yesterday"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["draftWeek"] = DraftWeek,
            ["therapistAccount"] = await db.Users.Where(u => u.Email == SitePages.Accounts["therapist"]).Select(u => u.Id).SingleAsync(),
            ["invitation"] = InvitationToken().Match(invitation).Groups[1].Value,
        };
    }

    /// <summary>A draft of the program settings with a safety change, a reminder change and a reworded consent, for the review page.</summary>
    private static async Task ProgramSettingsDraftAsync(IServiceProvider services)
    {
        var live = await services.GetRequiredService<ProgramSettingsCatalog>().LiveFilesAsync();
        var draft = live.Select(f => f.Path switch
        {
            "program.yaml" => f with
            {
                Content = f.Content.Replace("alert_escalation_working_hours: 4", "alert_escalation_working_hours: 2", StringComparison.Ordinal)
                    .Replace("Please read this before you start.", "Please read this carefully before you start.", StringComparison.Ordinal),
            },
            "measures/phq-9.yaml" => f with { Content = f.Content.Replace("total_at_least: 20", "total_at_least: 18", StringComparison.Ordinal) },
            _ => f,
        }).ToList();
        Assert.Equal(ProgramSettingsDrafts.Imported.Drafted, await services.GetRequiredService<ProgramSettingsDrafts>().ImportAsync(draft, "Alex Admin"));
    }

    public static string PasswordFor(string email) => email is OnboardingEmail or StartingEmail ? TestPeople.Password : SignedInClient.DemoPassword;

    private async Task<Web.Domain.Patients.Patient> ConsentedPatientAsync(AppDbContext db, string email, string name)
    {
        var created = await this.CreatePatientAsync(email, name);
        var (program, _) = await Services.GetRequiredService<ProgramCatalog>().GetAsync();
        var patient = await db.Patients.SingleAsync(p => p.Id == created.Id);
        patient.AcceptConsent(program.Consent.Version, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        return patient;
    }

    /// <summary>Sets an account's low-stimulus choice directly; a sign-in after this carries it.</summary>
    public async Task SetLowStimulusAsync(string email, bool on)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.LowStimulus, on));
    }

    /// <summary>A browser page for a role in a theme: signed in (with the account's choice set) or a visitor whose device asks for dark.</summary>
    public async Task<IPage> PageForAsync(string role, SiteTheme theme, int width, Action<BrowserNewContextOptions>? configure = null)
    {
        var lowStimulus = theme == SiteTheme.LowStimulus;
        // Visitors get the theme from their device; signed-in people from their account, whatever the device says.
        var page = await NewPageAsync(width, configure: options =>
        {
            options.ColorScheme = lowStimulus && role == SitePages.Visitor ? ColorScheme.Dark : ColorScheme.Light;
            configure?.Invoke(options);
        });
        if (role == SitePages.Visitor)
            return page;
        var email = SitePages.Accounts[role];
        await SetLowStimulusAsync(email, lowStimulus);
        await page.SignInAsync(email, PasswordFor(email));
        // Only the redirect away from sign-in matters here; each checked page is then loaded (and waited for) on its own.
        // Waiting for the landing page's load event as well once hung past its 30 s on a loaded CI machine after the page
        // had gone network-idle, failing the whole run for one theme and width.
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    [GeneratedRegex(@"/invitations/([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationToken();
}

public enum SiteTheme
{
    Default,
    LowStimulus,
}

public static class SiteThemes
{
    public static string Name(this SiteTheme theme) => theme == SiteTheme.LowStimulus ? "low-stimulus" : "default";
}
