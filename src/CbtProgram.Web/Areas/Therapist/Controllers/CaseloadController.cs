using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>The therapist's caseload: one row per assigned patient, open risk alerts first, sortable and filterable.</summary>
[Area("Therapist")]
[Authorize(Roles = Roles.Therapist)]
[Route("therapist")]
public sealed class CaseloadController(Caseload caseload) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? sort, string? filter)
    {
        var rows = await caseload.ForTherapistAsync(User.UserId()!);
        var shown = CaseloadOrder.Filter(rows, filter);
        return View(new CaseloadViewModel(CaseloadOrder.Sort(shown, sort), rows.Count, sort ?? CaseloadOrder.Default, filter ?? ""));
    }
}

public sealed record CaseloadViewModel(IReadOnlyList<CaseloadRow> Rows, int Total, string Sort, string Filter);

/// <summary>The caseload's sort orders and filters; the default puts open risk alerts first, then the most flags.</summary>
public static class CaseloadOrder
{
    public const string Default = "attention";

    public static readonly IReadOnlyList<(string Value, string Label)> Filters =
    [
        ("", "Everyone"),
        ("flagged", "Anyone with a flag"),
        (nameof(CaseFlagKind.RiskAlert), "Open risk alert"),
        (nameof(CaseFlagKind.Worsening), "Not on track (PHQ-9 up from baseline)"),
        (nameof(CaseFlagKind.MissedSessions), "Missed sessions"),
        (nameof(CaseFlagKind.MedicationOveruse), "Medication-overuse flag"),
        ("follow-up", "Follow-up due or missed"),
        ("in-program", "In the 12 weeks"),
        ("paused", "Paused"),
        ("ended", "Finished or withdrawn"),
    ];

    public static IReadOnlyList<CaseloadRow> Filter(IReadOnlyList<CaseloadRow> rows, string? filter) => filter switch
    {
        null or "" => rows,
        "flagged" => rows.Where(r => r.Flags.Count > 0).ToList(),
        "follow-up" => rows.Where(r => r.Flags.Contains(CaseFlagKind.FollowUpDue) || r.Flags.Contains(CaseFlagKind.FollowUpMissed)).ToList(),
        "in-program" => rows.Where(r => r.Stage is CaseStage.Baseline or CaseStage.InProgram).ToList(),
        "paused" => rows.Where(r => r.Stage == CaseStage.Paused).ToList(),
        "ended" => rows.Where(r => r.Stage is CaseStage.Finished or CaseStage.FollowUpDue or CaseStage.FollowUpDone or CaseStage.FollowUpMissed or CaseStage.Withdrawn).ToList(),
        _ when Enum.TryParse<CaseFlagKind>(filter, out var flag) => rows.Where(r => r.Flags.Contains(flag)).ToList(),
        _ => rows,
    };

    public static IReadOnlyList<CaseloadRow> Sort(IReadOnlyList<CaseloadRow> rows, string? sort) => sort switch
    {
        "name" => rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList(),
        "stage" => rows.OrderBy(r => r.Stage).ThenByDescending(r => r.Week).ThenBy(r => r.Name).ToList(),
        "activity" => rows.OrderBy(r => r.LastActivity ?? DateTimeOffset.MinValue).ThenBy(r => r.Name).ToList(),
        "phq9" => rows.OrderByDescending(r => r.Phq9 ?? -1).ThenBy(r => r.Name).ToList(),
        "headache" => rows.OrderByDescending(r => r.HeadacheDays ?? -1).ThenBy(r => r.Name).ToList(),
        _ => rows.OrderByDescending(r => r.HasOpenAlert).ThenByDescending(r => r.UnacknowledgedAlert)
            .ThenByDescending(r => r.Flags.Count).ThenBy(r => r.Name).ToList(),
    };
}
