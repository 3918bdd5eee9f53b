using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>Marks an action that a patient may use before reaching the given stage (consent, onboarding, baseline).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AvailableFromAttribute(JourneyStage stage) : Attribute
{
    public JourneyStage Stage { get; } = stage;
}

/// <summary>
/// Every patient page starts here: it loads where the patient is and sends them to the step they have not done
/// yet (consent, then onboarding, then the baseline questionnaires) before the rest of the program.
/// </summary>
[Area("Patient")]
[Authorize(Roles = Roles.Patient)]
[StartsFromPatientState]
public abstract class PatientControllerBase : Controller
{
    protected PatientState State { get; private set; } = null!;

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var state = await services.GetRequiredService<PatientStates>().ForUserAsync(User.UserId());
        if (state is null)
        {
            context.Result = Forbid();
            return;
        }
        State = state;
        var (program, _) = await services.GetRequiredService<ProgramCatalog>().GetAsync();
        var stage = state.Stage(program.Consent.Version);
        var allowedFrom = context.ActionDescriptor.EndpointMetadata.OfType<AvailableFromAttribute>().LastOrDefault()?.Stage ?? JourneyStage.Program;
        if (stage < allowedFrom)
        {
            context.Result = Redirect(stage switch
            {
                JourneyStage.Consent => "/patient/consent",
                JourneyStage.Onboarding => "/patient/onboarding",
                _ => "/patient/assessments/baseline",
            });
            return;
        }
        await next();
    }
}
