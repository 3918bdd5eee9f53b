using CbtProgram.Web.Security;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>How long a sign-in lasts (configuration section <c>Sessions</c>).</summary>
public sealed class SessionSettings
{
    public const string Section = "Sessions";

    /// <summary>Therapists, clinical leads and admins are signed out after this many minutes without a request.</summary>
    public int StaffIdleMinutes { get; set; } = 30;

    /// <summary>Staff sign in again after this many hours, however active.</summary>
    public int StaffAbsoluteHours { get; set; } = 12;

    public int PatientIdleMinutes { get; set; } = 60;

    public int PatientAbsoluteHours { get; set; } = 12;

    /// <summary>A patient who ticks "stay signed in on this device" keeps a persistent cookie this long. Staff cannot.</summary>
    public int StaySignedInDays { get; set; } = 30;

    /// <summary>A session's "last active" is written at most this often, so a busy site makes no write per request.</summary>
    public int LastSeenWriteSeconds { get; set; } = 60;

    public static bool IsStaff(IEnumerable<string> roles) => !roles.Any() || roles.Any(StaffAccounts.StaffRoles.Contains);

    /// <summary>The idle limit and absolute lifetime for a new session, and whether its cookie outlives the browser.</summary>
    public (TimeSpan Idle, TimeSpan Lifetime, bool Persistent) For(IReadOnlyCollection<string> roles, bool staySignedIn)
    {
        if (IsStaff(roles))
            return (TimeSpan.FromMinutes(StaffIdleMinutes), TimeSpan.FromHours(StaffAbsoluteHours), false);
        if (staySignedIn && roles.Contains(Roles.Patient))
            return (TimeSpan.FromDays(StaySignedInDays), TimeSpan.FromDays(StaySignedInDays), true);
        return (TimeSpan.FromMinutes(PatientIdleMinutes), TimeSpan.FromHours(PatientAbsoluteHours), false);
    }
}
