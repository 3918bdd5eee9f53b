using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
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
    public const int DemoPatientWeek = 3;

    /// <summary>Further demo patients at other stages (week 0: invited and signed up, not yet consented).</summary>
    private static readonly (string Email, string Name, int Week)[] OtherPatients =
    [
        ("new.starter@example.org", "Noor Newstart", 0),
        ("mid.way@example.org", "Mo Midway", 6),
        ("last.week@example.org", "Lee Lastweek", 12),
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
            foreach (var (email, name, week) in OtherPatients)
            {
                var other = await EnsurePatientAsync(users, db, clock, email, name, therapist.Id);
                if (week > 0)
                    await journey.GiveLivedInProgramAsync(other, week, seed: email.Length);
            }
        }

        logger.LogInformation(
            "Demo accounts (password {Password}): {Admin} (admin), {Therapist} (therapist), {Patient} (patient)",
            Password, AdminEmail, TherapistEmail, PatientEmail);
    }

    private static async Task<Patient> EnsurePatientAsync(UserManager<AppUser> users, AppDbContext db, TimeProvider clock, string email, string name, string therapistId)
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
