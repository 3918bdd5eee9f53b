using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Demo;

/// <summary>The three demo accounts a newcomer signs in with (Development only). Synthetic people; idempotent.</summary>
public static class DemoAccounts
{
    public const string Password = "CbtDemo#2026";
    public const string AdminEmail = "admin@example.org";
    public const string TherapistEmail = "therapist@example.org";
    public const string PatientEmail = "patient@example.org";
    public const string ColleagueEmail = "colleague@example.org";
    public const string ClinicalLeadEmail = "lead@example.org";
    public const int DemoPatientWeek = 3;

    /// <summary>
    /// Further demo patients so the demo caseload shows every status and flag (week 0 with no story: signed up, not yet
    /// consented). All synthetic.
    /// </summary>
    private static readonly (string Email, string Name, DemoStory? Story)[] OtherPatients =
    [
        ("new.starter@example.org", "Noor Newstart", null),
        ("baseline@example.org", "Bea Baseline", new DemoStory(0, 11)),
        ("mid.way@example.org", "Mo Midway", new DemoStory(6, 17) { Worsening = true, PatientMessage = "The breathing exercise helped on Tuesday, but this week has been hard. Could we talk about it?" }),
        ("last.week@example.org", "Lee Lastweek", new DemoStory(12, 21)),
        ("risk@example.org", "Riley Rivers", new DemoStory(5, 23) { Alert = DemoAlert.Open }),
        ("acknowledged@example.org", "Casey Calloway", new DemoStory(8, 29) { Alert = DemoAlert.Acknowledged, HeavyMedication = true }),
        ("missed@example.org", "Max Moreno", new DemoStory(7, 31) { MissedWeeks = new HashSet<int> { 5, 6 } }),
        ("paused@example.org", "Pat Pearson", new DemoStory(4, 37) { Status = EnrolmentStatus.Paused }),
        ("withdrawn@example.org", "Wren Walsh", new DemoStory(3, 41) { Status = EnrolmentStatus.Withdrawn }),
        ("finished@example.org", "Fin Fletcher", new DemoStory(12, 43) { DaysSinceLastWeek = 40 }),
        ("follow.up@example.org", "Fay Foster", new DemoStory(12, 47) { DaysSinceLastWeek = 133 }),
        ("follow.up.done@example.org", "Dee Dalton", new DemoStory(12, 53) { DaysSinceLastWeek = 140, FollowUpAnswered = true, FullOutcomes = true }),
        ("follow.up.missed@example.org", "Mia Marsh", new DemoStory(12, 59) { DaysSinceLastWeek = 150 }),
    ];

    public static async Task SeedDemoAccountsAsync(this IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();

        await EnsureUserAsync(users, AdminEmail, "Alex Admin", Roles.Admin);
        var therapist = await EnsureUserAsync(users, TherapistEmail, "Dr Robin Taylor", Roles.Therapist);
        var patientUser = await EnsureUserAsync(users, PatientEmail, "Sam Patient", Roles.Patient);
        await EnsureUserAsync(users, ClinicalLeadEmail, "Dr Morgan Ellis", Roles.ClinicalLead);

        var patient = await db.Patients.FirstOrDefaultAsync(p => p.UserId == patientUser.Id);
        if (patient is null)
        {
            patient = new Patient(patientUser.Id, therapist.Id, clock.GetUtcNow());
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
        }

        // The demo patient is part-way through: in week 3, with weeks 1 and 2 done (once the curriculum is published).
        // A few more synthetic patients show the other stages on the demo therapist's caseload.
        if (await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionAsync(1) is not null)
        {
            var journey = scope.ServiceProvider.GetRequiredService<DemoJourney>();
            await journey.GiveLivedInProgramAsync(patient, DemoPatientWeek, seed: 42);
            var caseload = scope.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Demo:Caseload", true);
            foreach (var (email, name, story) in caseload ? OtherPatients : [])
            {
                var other = await EnsurePatientAsync(users, db, clock, email, name, therapist.Id);
                if (story is not null)
                    await journey.GiveLivedInProgramAsync(other, story);
            }
            if (caseload)
            {
                // A second therapist with a patient of their own: the demo therapist never sees them.
                var colleague = await EnsureUserAsync(users, ColleagueEmail, "Dr Jordan Lee", Roles.Therapist);
                var theirs = await EnsurePatientAsync(users, db, clock, "colleague.patient@example.org", "Jo Okafor", colleague.Id);
                await journey.GiveLivedInProgramAsync(theirs, new DemoStory(2, 61));
                // A patient with no therapist (theirs left): the clinical leads own their open alert.
                var unowned = await EnsurePatientAsync(users, db, clock, "no.therapist@example.org", "Ash Unwin", therapistId: null);
                await journey.GiveLivedInProgramAsync(unowned, new DemoStory(4, 67) { Alert = DemoAlert.Open });
            }
        }

        logger.LogInformation(
            "Demo accounts (password {Password}): {Admin} (admin), {Therapist} (therapist), {Lead} (clinical lead), {Patient} (patient)",
            Password, AdminEmail, TherapistEmail, ClinicalLeadEmail, PatientEmail);
    }

    private static async Task<Patient> EnsurePatientAsync(UserManager<AppUser> users, AppDbContext db, TimeProvider clock, string email, string name, string? therapistId)
    {
        var user = await EnsureUserAsync(users, email, name, Roles.Patient);
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.UserId == user.Id);
        if (patient is null)
        {
            patient = new Patient(user.Id, therapistId, clock.GetUtcNow());
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
        }
        return patient;
    }

    private static async Task<AppUser> EnsureUserAsync(UserManager<AppUser> users, string email, string name, string role)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not create demo user {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        if (!await users.IsInRoleAsync(user, role))
            await users.AddToRoleAsync(user, role);
        return user;
    }
}
