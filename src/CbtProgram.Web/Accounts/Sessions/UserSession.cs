using System.Security.Cryptography;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>
/// One signed-in browser. The cookie carries a random 256-bit key; only its SHA-256 hash is stored, so a copy of the
/// database cannot be turned into a cookie. The record is checked on every request: revoked, idle too long or past its
/// absolute lifetime means signed out.
/// </summary>
public sealed class UserSession
{
    private UserSession() { }

    private UserSession(string userId, byte[] keyHash, DateTimeOffset now, TimeSpan idleLimit, TimeSpan lifetime, bool persistent, string? ip, string device)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        KeyHash = keyHash;
        CreatedAt = now;
        LastSeenAt = now;
        IdleLimit = idleLimit;
        ExpiresAt = now + lifetime;
        Persistent = persistent;
        IpAddress = ip is { Length: > 45 } ? ip[..45] : ip;
        Device = device;
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public byte[] KeyHash { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public TimeSpan IdleLimit { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public bool Persistent { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }
    public string? IpAddress { get; private set; }
    public string Device { get; private set; } = "";

    /// <summary>A new session and the key for its cookie (returned once, never stored).</summary>
    public static (UserSession Session, string Key) Start(string userId, DateTimeOffset now, TimeSpan idleLimit, TimeSpan lifetime,
        bool persistent, string? ip, string device)
    {
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new UserSession(userId, Hash(key), now, idleLimit, lifetime, persistent, ip, device), key);
    }

    public static byte[] Hash(string key) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));

    /// <summary>Why this session may not be used now, or null when it may.</summary>
    public static string? Refusal(DateTimeOffset? revokedAt, DateTimeOffset lastSeenAt, TimeSpan idleLimit, DateTimeOffset expiresAt, DateTimeOffset now) =>
        revokedAt is not null ? "revoked"
        : now >= expiresAt ? "expired"
        : now - lastSeenAt >= idleLimit ? "idle"
        : null;

    public bool IsActive(DateTimeOffset now) => Refusal(RevokedAt, LastSeenAt, IdleLimit, ExpiresAt, now) is null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
