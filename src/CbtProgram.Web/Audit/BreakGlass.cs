using System.Security.Claims;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Audit;

/// <summary>
/// "Break-glass": staff who open the record of a patient who is not theirs (admins, clinical leads, a therapist covering)
/// first say why. The reason is an audit entry of its own, and holds for that person and patient for
/// <see cref="Hours"/> hours (a working shift), then they are asked again. Not asked: the patient's own therapist, and a
/// clinical lead while the patient has an open risk alert (leads own and oversee alerts).
/// Setting <c>Audit:BreakGlassHours</c> (default 8; 0 turns the question off).
/// </summary>
public sealed class BreakGlass(AppDbContext db, AuditLog audit, IConfiguration configuration, TimeProvider clock)
{
    public const string HoursSetting = "Audit:BreakGlassHours";
    public const int DefaultHours = 8;
    public const int MaxTextLength = 300;

    public static readonly IReadOnlyList<string> Reasons =
    [
        "Responding to a risk alert or a safety concern",
        "Covering for the patient's therapist",
        "Asked to by the patient or their therapist",
        "Clinical governance or audit review",
        "Fixing a problem with the account, schedule or emails",
        "Another reason (say below)",
    ];

    /// <summary>The reason page, returning afterwards to the page asked for (or to the record, after a form post).</summary>
    public static string ReasonPath(Guid patientId, HttpRequest request)
    {
        var record = $"/therapist/patients/{patientId}";
        var back = HttpMethods.IsGet(request.Method) ? request.Path + request.QueryString : record;
        return $"{record}/reason?returnUrl={Uri.EscapeDataString(back)}";
    }

    public int Hours => Math.Max(0, configuration.GetValue(HoursSetting, DefaultHours));

    /// <summary>True when this person must give a reason before opening this patient's record.</summary>
    public async Task<bool> MustAskAsync(ClaimsPrincipal user, Guid patientId, string? assignedTherapistId)
    {
        var userId = user.UserId();
        if (Hours == 0 || userId is null || userId == assignedTherapistId)
            return false;
        if (user.IsInRole(Roles.ClinicalLead) && await db.RiskAlerts.AnyAsync(a => a.PatientId == patientId && a.ResolvedAt == null))
            return false;
        var since = clock.GetUtcNow().AddHours(-Hours);
        return !await db.AuditEntries.AnyAsync(e => e.PatientId == patientId && e.Action == AuditActions.GaveReason
            && e.ActorId == userId && e.At > since);
    }

    /// <summary>Records the reason; returns a problem to show, or null when it was recorded.</summary>
    public async Task<string?> GiveAsync(string userId, Guid patientId, string? reason, string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (reason is null || !Reasons.Contains(reason))
            return "Choose the reason you are opening this record.";
        if (reason == Reasons[^1] && text is null)
            return "Say in a few words why you are opening this record.";
        if (text is { Length: > MaxTextLength })
            return $"Keep the extra words under {MaxTextLength} characters.";
        await audit.RecordNowAsync(userId, patientId, AuditActions.GaveReason, text is null ? reason : $"{reason}: {text}");
        return null;
    }
}
