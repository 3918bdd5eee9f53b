using CbtProgram.Web.Accounts;
using CbtProgram.Web.Outcomes.Service;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>The service report for admins and clinical leads: flow of patients, scores at each point, effect sizes and rates.</summary>
[Area("Admin")]
[Authorize(Roles = $"{Roles.ClinicalLead},{Roles.Admin}")]
[Route("admin/outcomes")]
public sealed class ServiceReportController(ServiceReport report, UserManager<AppUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? therapist, string? period, string? view, CancellationToken cancellationToken)
    {
        var therapists = (await users.GetUsersInRoleAsync(Roles.Therapist)).OrderBy(t => t.DisplayName).Select(t => (t.Id, t.DisplayName)).ToList();
        var (filter, error) = ServiceReportFilter.Parse(therapist, period, view == "completers");
        if (filter?.TherapistId is { } chosen && therapists.All(t => t.Id != chosen))
            (filter, error) = (null, "That therapist is not on the list: choose one from the list, or all therapists.");
        var result = filter is null ? null : await report.ReadAsync(filter, cancellationToken);
        return View(new ServiceReportViewModel(result, therapists, therapist, period, view == "completers", error, User.IsInRole(Roles.Admin)));
    }
}

public sealed record ServiceReportViewModel(ServiceReportResult? Report, IReadOnlyList<(string Id, string Name)> Therapists,
    string? Therapist, string? Period, bool CompletersOnly, string? Error, bool MayExport);
