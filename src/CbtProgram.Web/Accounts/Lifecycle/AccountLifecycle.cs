using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Accounts.Lifecycle;

/// <summary>
/// Admins turn accounts off and on and change roles. Each change is audited and ends the person's sessions, so an open
/// browser is signed out (or sees its new role) on its next click. The site always keeps one enabled admin, and an admin
/// cannot turn themself off: both checks run under one database lock, so two admins acting at once cannot get past them.
/// </summary>
public sealed class AccountLifecycle(AppDbContext db, UserManager<AppUser> users, UserSessions sessions, AuditLog audit, TimeProvider clock)
{
    /// <summary>What an admin sees on an account's page; null when there is no such account.</summary>
    public async Task<AccountDetails?> DetailsAsync(string userId)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId);
        if (user is null)
            return null;
        var roles = await users.GetRolesAsync(user);
        var now = clock.GetUtcNow();
        var patients = await db.Patients.CountAsync(p => p.AssignedTherapistId == userId);
        var signedIn = await db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now);
        var therapists = await (from other in db.Users
                                join link in db.UserRoles on other.Id equals link.UserId
                                join role in db.Roles on link.RoleId equals role.Id
                                where role.Name == Roles.Therapist && other.Id != userId && other.DisabledAt == null
                                orderby other.DisplayName
                                select new TherapistChoice(other.Id, other.DisplayName)).ToListAsync();
        return new AccountDetails(user.Id, user.DisplayName, user.Email ?? "", roles.ToList(), user.DisabledAt, user.PasswordHash is not null,
            patients, signedIn, therapists);
    }

    /// <summary>Null when done, otherwise what stopped it, in words for the admin.</summary>
    public Task<string?> DisableAsync(string actorId, string userId) => ChangeAsync(actorId, userId, async user =>
    {
        if (user.Id == actorId)
            return "You cannot turn off your own account. Ask another admin.";
        if (user.DisabledAt is not null)
            return null;
        if (await users.IsInRoleAsync(user, Roles.Admin) && await EnabledAdminsAsync() <= 1)
            return "This is the only admin who can sign in. Make someone else an admin first.";
        user.DisabledAt = clock.GetUtcNow();
        await sessions.RevokeAllAsync(user.Id, "account disabled");
        audit.Record(actorId, null, "disabled account", Describe(user));
        return null;
    });

    public Task<string?> EnableAsync(string actorId, string userId) => ChangeAsync(actorId, userId, user =>
    {
        if (user.DisabledAt is null)
            return Task.FromResult<string?>(null);
        user.DisabledAt = null;
        audit.Record(actorId, null, "enabled account", Describe(user));
        return Task.FromResult<string?>(null);
    });

    public Task<string?> AddRoleAsync(string actorId, string userId, string role) => ChangeAsync(actorId, userId, async user =>
    {
        if (!Roles.All.Contains(role))
            return "Choose a role from the list.";
        if (await users.IsInRoleAsync(user, role))
            return null;
        var result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded)
            return string.Join(" ", result.Errors.Select(e => e.Description));
        await sessions.RevokeAllAsync(user.Id, "role changed");
        audit.Record(actorId, null, "added role", $"{Roles.Describe(role)}: {Describe(user)}");
        return null;
    });

    public Task<string?> RemoveRoleAsync(string actorId, string userId, string role) => ChangeAsync(actorId, userId, async user =>
    {
        if (!await users.IsInRoleAsync(user, role))
            return null;
        if (role == Roles.Admin && user.DisabledAt is null && await EnabledAdminsAsync() <= 1)
            return "This is the only admin who can sign in. Make someone else an admin first.";
        var result = await users.RemoveFromRoleAsync(user, role);
        if (!result.Succeeded)
            return string.Join(" ", result.Errors.Select(e => e.Description));
        await sessions.RevokeAllAsync(user.Id, "role changed");
        audit.Record(actorId, null, "removed role", $"{Roles.Describe(role)}: {Describe(user)}");
        return null;
    });

    private async Task<string?> ChangeAsync(string actorId, string userId, Func<AppUser, Task<string?>> change)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        // One account change at a time, site-wide: the last-admin rule holds even when two admins act together.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('cbt.account-lifecycle'))");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId);
        if (user is null)
            return "That account no longer exists.";
        var problem = await change(user);
        if (problem is not null)
            return problem;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }

    private Task<int> EnabledAdminsAsync() =>
        (from user in db.Users
         join link in db.UserRoles on user.Id equals link.UserId
         join role in db.Roles on link.RoleId equals role.Id
         where role.Name == Roles.Admin && user.DisabledAt == null
         select user.Id).CountAsync();

    private static string Describe(AppUser user) => $"{user.DisplayName} ({user.Id})";
}

public sealed record TherapistChoice(string Id, string Name);

public sealed record AccountDetails(string Id, string Name, string Email, IReadOnlyList<string> Roles, DateTimeOffset? DisabledAt,
    bool HasPassword, int Patients, int OpenSessions, IReadOnlyList<TherapistChoice> OtherTherapists);
