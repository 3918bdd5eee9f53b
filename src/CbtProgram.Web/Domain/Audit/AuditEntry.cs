namespace CbtProgram.Web.Domain.Audit;

/// <summary>Who viewed or changed which patient's record, and when. Written by the site, never edited.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(string actorId, Guid? patientId, string action, string? detail, DateTimeOffset now,
        string? ipAddress = null, string? userAgent = null)
    {
        Id = Guid.NewGuid();
        ActorId = actorId;
        PatientId = patientId;
        Action = action;
        Detail = detail;
        At = now;
        IpAddress = Clip(ipAddress, MaxIpAddressLength);
        UserAgent = Clip(userAgent, MaxUserAgentLength);
    }

    public const int MaxActionLength = 80;
    public const int MaxDetailLength = 500;
    public const int MaxIpAddressLength = 64;
    public const int MaxUserAgentLength = 300;

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; } = "";
    public Guid? PatientId { get; private set; }
    /// <summary>A short verb phrase such as "viewed record" or "resolved risk alert".</summary>
    public string Action { get; private set; } = "";
    public string? Detail { get; private set; }
    /// <summary>The address the request came from; null for background jobs.</summary>
    public string? IpAddress { get; private set; }
    /// <summary>The browser's User-Agent header (first 300 characters); null for background jobs.</summary>
    public string? UserAgent { get; private set; }
    /// <summary>
    /// The entry's place in the hash chain (1, 2, 3...), set by the database when it seals the entry, within a second
    /// or so of its commit (Audit/AuditSealer); null until then.
    /// </summary>
    public long? Sequence { get; private set; }
    /// <summary>SHA-256 of the previous entry's hash and this entry's canonical text, set with <see cref="Sequence"/> (see Audit/AuditChain).</summary>
    public byte[]? Hash { get; private set; }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
