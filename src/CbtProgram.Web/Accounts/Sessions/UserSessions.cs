using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>Starts, checks, lists and revokes the server-side record behind each sign-in cookie.</summary>
public sealed class UserSessions(AppDbContext db, TimeProvider clock, IOptions<SessionSettings> settings)
{
    public async Task<(UserSession Session, string Key)> StartAsync(string userId, IReadOnlyCollection<string> roles, bool staySignedIn,
        string? ip, string? userAgent)
    {
        var (idle, lifetime, persistent) = settings.Value.For(roles, staySignedIn);
        var started = UserSession.Start(userId, clock.GetUtcNow(), idle, lifetime, persistent, ip, DeviceName.From(userAgent));
        db.UserSessions.Add(started.Session);
        await db.SaveChangesAsync();
        return started;
    }

    /// <summary>
    /// The session's id when the key belongs to a usable session of this user (not revoked, idle or expired, the account
    /// not disabled); otherwise null. One indexed read; "last active" is written at most once per
    /// <see cref="SessionSettings.LastSeenWriteSeconds"/>.
    /// </summary>
    public async Task<Guid?> CheckAsync(string key, string userId)
    {
        var found = await FindSession(db, UserSession.Hash(key), userId);
        var now = clock.GetUtcNow();
        if (found is null || found.Disabled || UserSession.Refusal(found.RevokedAt, found.LastSeenAt, found.IdleLimit, found.ExpiresAt, now) is not null)
            return null;
        if (now - found.LastSeenAt >= TimeSpan.FromSeconds(settings.Value.LastSeenWriteSeconds))
            await db.UserSessions.Where(s => s.Id == found.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        return found.Id;
    }

    private sealed record SessionCheck(Guid Id, DateTimeOffset? RevokedAt, DateTimeOffset LastSeenAt, TimeSpan IdleLimit, DateTimeOffset ExpiresAt, bool Disabled);

    /// <summary>
    /// The check every signed-in request makes, compiled once: EF otherwise rebuilds, walks and hashes the query's
    /// expression tree on each call to find its cached SQL (measured with perf under the load benchmark).
    /// </summary>
    private static readonly Func<AppDbContext, byte[], string, Task<SessionCheck?>> FindSession = EF.CompileAsyncQuery(
        (AppDbContext db, byte[] hash, string userId) => db.UserSessions.AsNoTracking()
            .Where(s => s.KeyHash == hash && s.UserId == userId)
            .Select(s => new SessionCheck(s.Id, s.RevokedAt, s.LastSeenAt, s.IdleLimit, s.ExpiresAt,
                db.Users.Where(u => u.Id == s.UserId).Select(u => u.DisabledAt).FirstOrDefault() != null))
            .FirstOrDefault());

    /// <summary>The user's sessions still in use, newest activity first.</summary>
    public async Task<IReadOnlyList<UserSession>> ActiveAsync(string userId)
    {
        var now = clock.GetUtcNow();
        var open = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt).ToListAsync();
        return open.Where(s => s.IsActive(now)).ToList();
    }

    /// <summary>Signs out one of the user's own sessions; false when it is not theirs or already ended.</summary>
    public async Task<bool> RevokeAsync(string userId, Guid sessionId, string reason) =>
        await RevokeWhereAsync(db.UserSessions.Where(s => s.UserId == userId && s.Id == sessionId), reason) > 0;

    /// <summary>
    /// Signs the user out everywhere (or everywhere but <paramref name="keep"/>): for sign-out everywhere, a password
    /// change or reset, a disabled account or a role change. Open browsers are signed out on their next request.
    /// </summary>
    public Task<int> RevokeAllAsync(string userId, string reason, Guid? keep = null)
    {
        var sessions = db.UserSessions.Where(s => s.UserId == userId);
        if (keep is { } kept)
            sessions = sessions.Where(s => s.Id != kept);
        return RevokeWhereAsync(sessions, reason);
    }

    private Task<int> RevokeWhereAsync(IQueryable<UserSession> sessions, string reason)
    {
        var now = clock.GetUtcNow();
        return sessions.Where(s => s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason));
    }
}
