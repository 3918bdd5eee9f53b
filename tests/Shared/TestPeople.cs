using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.Testing;

/// <summary>Synthetic people for tests, made through the same Identity and entities the site uses.</summary>
public static class TestPeople
{
    public const string Password = "TestPassword#2026";

    public static async Task<AppUser> CreateUserAsync(this WebApplicationFactory<Program> site, string email, string name, string role)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>A patient assigned to the demo therapist.</summary>
    public static async Task<Patient> CreatePatientAsync(this WebApplicationFactory<Program> site, string email, string name)
    {
        var user = await site.CreateUserAsync(email, name, Roles.Patient);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var patient = new Patient(user.Id, therapistId, TimeProvider.System.GetUtcNow());
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return patient;
    }

    public static async Task<HttpClient> SignedInAsAsync(this WebApplicationFactory<Program> site, string email, string password)
    {
        var client = site.CreateBrowserLikeClient();
        var response = await client.SignInAsync(email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        return client;
    }
}

public static class TestJourneys
{
    /// <summary>A consented, enrolled patient whose given week opened yesterday, with baseline, earlier weeks and a diary (the demo's own seeding).</summary>
    public static async Task<Patient> CreatePatientInWeekAsync(this WebApplicationFactory<Program> site, string email, string name, int week)
    {
        var patient = await site.CreatePatientAsync(email, name);
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Demo.DemoJourney>().GiveLivedInProgramAsync(patient, week, seed: email.Length);
        return patient;
    }

    /// <summary>Records the week's PHQ-9 check-in as answered (all "not at all"), as a patient who started the week has.</summary>
    public static async Task RecordCheckInAsync(this WebApplicationFactory<Program> site, string email, int week)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientId = await db.Patients.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email)).Select(p => p.Id).SingleAsync();
        db.MeasureResponses.Add(new CbtProgram.Web.Domain.Measures.MeasureResponse(patientId, "phq-9", CbtProgram.Web.Domain.Measures.AssessmentPoints.Weekly, week,
            new int[9], 0, "Minimal", scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()));
        await db.SaveChangesAsync();
    }

    /// <summary>Answers the week's PHQ-9 check-in (all "not at all"), which comes before the rest of the module.</summary>
    public static Task<HttpResponseMessage> AnswerCheckInAsync(this HttpClient patient, int week) =>
        patient.PostFormAsync($"/patient/modules/{week}/steps/check-in", $"/patient/modules/{week}/check-in",
            Enumerable.Range(1, 9).Select(i => new KeyValuePair<string, string>($"answers[{i}]", "0")));
}
