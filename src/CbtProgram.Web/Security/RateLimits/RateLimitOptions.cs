namespace CbtProgram.Web.Security.RateLimits;

/// <summary>
/// <c>RateLimits:*</c>: how many requests each policy allows in its window. The defaults are meant for production;
/// a clinic whose staff all reach the site from one address (one hospital network) should either set up forwarded
/// headers from its proxy or raise <see cref="SignInPerAddress"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off only in tests and load tests; the account lockout rule (<see cref="SignInThrottle"/>) stays on.</summary>
    public bool Enabled { get; set; } = true;

    public WindowLimit SignInPerAddress { get; set; } = new() { Permits = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Wrong passwords for one account from one address, before that address is paused for that account.</summary>
    public WindowLimit SignInFailuresPerAddressAndAccount { get; set; } = new() { Permits = 5, Window = TimeSpan.FromMinutes(15) };

    public WindowLimit AccountFormsPerAddress { get; set; } = new() { Permits = 10, Window = TimeSpan.FromMinutes(15) };

    public WindowLimit InvitationsPerUser { get; set; } = new() { Permits = 20, Window = TimeSpan.FromHours(1) };

    public WindowLimit MessagesPerSender { get; set; } = new() { Permits = 20, Window = TimeSpan.FromHours(1) };

    public WindowLimit PatientEntriesPerUser { get; set; } = new() { Permits = 60, Window = TimeSpan.FromMinutes(10) };
}

public sealed class WindowLimit
{
    public int Permits { get; set; }
    public TimeSpan Window { get; set; }
}
