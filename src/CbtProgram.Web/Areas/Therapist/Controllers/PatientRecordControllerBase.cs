using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>
/// Every staff page about one patient starts here: it finds the patient named by the route's <c>patientId</c> and asks
/// the <see cref="PatientAccessHandler"/> whether this person may see them. Anyone else gets the 403 page and nothing
/// about the patient, whatever the page or method.
/// </summary>
[Area("Therapist")]
[Authorize(Roles = Roles.RecordReaders)]
public abstract class PatientRecordControllerBase : Controller
{
    protected PatientRecordSummary Record { get; private set; } = null!;

    /// <summary>The patient with their name, compiled once (every record page reads it first).</summary>
    private static readonly Func<AppDbContext, Guid, Task<PatientRecordSummary?>> FindRecord = EF.CompileAsyncQuery(
        (AppDbContext db, Guid patientId) => db.Patients.Where(p => p.Id == patientId)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new PatientRecordSummary(p.Id, p.UserId, p.AssignedTherapistId, u.DisplayName, u.Email ?? ""))
            .FirstOrDefault());

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (!Guid.TryParse(context.RouteData.Values["patientId"]?.ToString(), out var patientId))
        {
            context.Result = NotFound();
            return;
        }
        var services = context.HttpContext.RequestServices;
        var record = await FindRecord(services.GetRequiredService<AppDbContext>(), patientId);
        var allowed = record is not null && (await services.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(User, new PatientRecord(record.PatientId, record.AssignedTherapistId), PatientAccessRequirement.Instance)).Succeeded;
        if (!allowed)
        {
            context.Result = Forbid();
            return;
        }
        if (AsksForReason && await services.GetRequiredService<Audit.BreakGlass>().MustAskAsync(User, record!.PatientId, record.AssignedTherapistId))
        {
            context.Result = Redirect(Audit.BreakGlass.ReasonPath(record.PatientId, context.HttpContext.Request));
            return;
        }
        Record = record!;
        ViewData["PatientName"] = record!.Name;
        await next();
    }

    /// <summary>Whether staff opening a record that is not theirs must first give a reason (see <see cref="Audit.BreakGlass"/>).</summary>
    protected virtual bool AsksForReason => true;

    protected string RecordPath(string rest = "") => $"/therapist/patients/{Record.PatientId}{rest}";
}

public sealed record PatientRecordSummary(Guid PatientId, string UserId, string? AssignedTherapistId, string Name, string Email);
