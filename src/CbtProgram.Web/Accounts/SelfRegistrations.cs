using System.Security.Cryptography;
using System.Text.Json;
using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

/// <summary>A registration waiting for its owner to prove the address: sealed inside the emailed link, stored nowhere.</summary>
public sealed record PendingRegistration(string Name, string Email, string PasswordHash, DateTimeOffset ExpiresAt);

/// <summary>
/// Self-registration that tells nobody whether an address has an account: every good form gets "check your email".
/// A new address gets a link that creates the account when followed; an address in use gets, instead, an email to its
/// owner (<see cref="AccountOwnerEmails.QueueRegistrationAttemptAsync"/>). The password is hashed either way, so both
/// take as long.
/// </summary>
public sealed class SelfRegistrations(
    UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, IDataProtectionProvider protection, Outbox outbox, AccountOwnerEmails owners,
    MailOptions mail, AppDbContext db, TimeProvider clock)
{
    public const string ConfirmPath = "/account/register/confirm";
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    private readonly IDataProtector _protector = protection.CreateProtector("CbtProgram.PendingRegistration.v1");

    /// <summary>The password's problems, judged the same way for every address; empty when it may be used.</summary>
    public async Task<IReadOnlyList<string>> PasswordProblemsAsync(string name, string email, string? password)
    {
        var candidate = new AppUser { UserName = email, Email = email, DisplayName = name };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
            problems.AddRange((await validator.ValidateAsync(users, candidate, password ?? "")).Errors.Select(e => e.Description));
        return problems.Distinct().ToList();
    }

    public async Task StartAsync(string name, string email, string password)
    {
        var hash = hasher.HashPassword(new AppUser { UserName = email, Email = email }, password);
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            await owners.QueueRegistrationAttemptAsync(existing, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            return;
        }
        var pending = _protector.Protect(JsonSerializer.Serialize(new PendingRegistration(name, email, hash, clock.GetUtcNow() + LinkLifetime)));
        await outbox.EnqueueWithSecretLinkAsync($"registration:{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pending)))}", email,
            "Finish making your CbtProgram account",
            $"""
            Hello {name},

            To finish making your CbtProgram account, follow this link:

            {mail.Link($"{ConfirmPath}?request={Uri.EscapeDataString(pending)}")}

            The link works once, for {LinkLifetime.TotalHours:0} hours. If you did not ask for an account, you do not need to do anything.

            CbtProgram
            """);
    }

    /// <summary>What a followed link holds, or null when it cannot be read or has expired.</summary>
    public PendingRegistration? Open(string? request)
    {
        if (string.IsNullOrEmpty(request))
            return null;
        try
        {
            return JsonSerializer.Deserialize<PendingRegistration>(_protector.Unprotect(request)) is { } pending && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Creates the patient's account and record; null when the link was used already (the address has an account).</summary>
    public async Task<AppUser?> FinishAsync(PendingRegistration pending)
    {
        var user = new AppUser { UserName = pending.Email, Email = pending.Email, EmailConfirmed = true, DisplayName = pending.Name, PasswordHash = pending.PasswordHash };
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!(await users.CreateAsync(user)).Succeeded)
            return null;
        await users.AddToRoleAsync(user, Roles.Patient);
        db.Patients.Add(new Patient(user.Id, null, clock.GetUtcNow()));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return user;
    }
}
