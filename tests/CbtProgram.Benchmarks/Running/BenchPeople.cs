using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// Synthetic people written in bulk ("Bench Patient 00001", bench-patient-00001@example.org): Identity users as
/// UserManager would store them (normalised names, stamps, one real hash of <see cref="Password"/>, their role),
/// and consented patients spread over the bench therapists. Not timed: seeding only sets the stage.
/// </summary>
public sealed class BenchPeople(IServiceProvider services)
{
    public const string Password = "BenchPassword#2026";

    private string? _passwordHash;

    public static string Email(string key, int number) => $"bench-{key}-{number:00000}@example.org";

    public async Task<IReadOnlyList<string>> AddTherapistsAsync(int count, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(1, count).Select(i => NewUser("therapist", $"Bench Therapist {i:00000}", i)).ToList();
        await CopyUsersAsync(users, Roles.Therapist, cancellationToken);
        return users.Select(u => u.Id).ToList();
    }

    /// <summary>Adds patients numbered 1..count under a key (the key names the set: "patient", "due", ...).</summary>
    public async Task<IReadOnlyList<Patient>> AddPatientsAsync(string key, string label, int first, int count,
        IReadOnlyList<string> therapistIds, CancellationToken cancellationToken, int consentVersion = 1)
    {
        var now = TimeProvider.System.GetUtcNow();
        var users = Enumerable.Range(first, count).Select(i => NewUser(key, $"Bench {label} {i:00000}", i)).ToList();
        var patients = users.Select((u, i) => new Patient(u.Id, therapistIds[(first + i) % therapistIds.Count], now)).ToList();
        foreach (var patient in patients)
            patient.AcceptConsent(consentVersion, now);
        await CopyUsersAsync(users, Roles.Patient, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await BulkCopy.CopyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), patients, cancellationToken);
        return patients;
    }

    private static AppUser NewUser(string key, string name, int number)
    {
        var email = Email(key, number);
        return new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            LockoutEnabled = true,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
        };
    }

    private async Task CopyUsersAsync(List<AppUser> users, string role, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var normalizer = provider.GetRequiredService<ILookupNormalizer>();
        _passwordHash ??= provider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(users[0], Password);
        foreach (var user in users)
        {
            user.NormalizedUserName = normalizer.NormalizeName(user.UserName);
            user.NormalizedEmail = normalizer.NormalizeEmail(user.Email);
            user.PasswordHash = _passwordHash;
        }
        var db = provider.GetRequiredService<AppDbContext>();
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(cancellationToken);
        await BulkCopy.CopyAsync(db, users, cancellationToken);
        await BulkCopy.CopyAsync(db, users.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = roleId }), cancellationToken);
    }
}
