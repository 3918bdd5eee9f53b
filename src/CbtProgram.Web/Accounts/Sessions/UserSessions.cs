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
    /// not disabled); otherwise null. One indexed read, in one round trip with whatever <paramref name="riders"/> add to
    /// it (<see cref="ISessionCheckRider"/>; their results are read only when the session passes); "last active" is
    /// written at most once per <see cref="SessionSettings.LastSeenWriteSeconds"/>.
    /// </summary>
    public async Task<Guid?> CheckAsync(string key, string userId, Func<SqlBatch, IReadOnlyList<ISessionCheckRider>>? riders = null)
    {
        var batch = new SqlBatch().Add(SessionCheckSql, UserSession.Hash(key), userId);
        var riding = riders?.Invoke(batch) ?? [];
        var now = clock.GetUtcNow();
        SessionCheck? found;
        await using (var results = await batch.ExecuteAsync(db))
        {
            found = (await results.ReadAsync(SessionCheck.Read)).FirstOrDefault();
            if (found is null || found.Disabled || UserSession.Refusal(found.RevokedAt, found.LastSeenAt, found.IdleLimit, found.ExpiresAt, now) is not null)
                return null;
            foreach (var rider in riding)
                await rider.ReadAsync(results);
        }
        if (now - found.LastSeenAt >= TimeSpan.FromSeconds(settings.Value.LastSeenWriteSeconds))
            await db.UserSessions.Where(s => s.Id == found.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        return found.Id;
    }

    /// <summary>The check every signed-in request makes: the session by its key's hash and user, and whether the account is disabled.</summary>
    private const string SessionCheckSql = """
        SELECT s."Id", s."RevokedAt", s."LastSeenAt", s."IdleLimit", s."ExpiresAt", u."DisabledAt" IS NOT NULL
        FROM user_sessions s JOIN "AspNetUsers" u ON u."Id" = s."UserId"
        WHERE s."KeyHash" = $1 AND s."UserId" = $2
        """;

    private sealed record SessionCheck(Guid Id, DateTimeOffset? RevokedAt, DateTimeOffset LastSeenAt, TimeSpan IdleLimit, DateTimeOffset ExpiresAt, bool Disabled)
    {
        public static SessionCheck Read(System.Data.Common.DbDataReader r) => new(r.GetGuid(0),
            r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<TimeSpan>(3),
            r.GetFieldValue<DateTimeOffset>(4), r.GetBoolean(5));
    }

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
