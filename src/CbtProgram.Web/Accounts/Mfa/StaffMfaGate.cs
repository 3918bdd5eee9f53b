namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// When staff MFA is required (<see cref="MfaOptions.RequireStaffMfa"/>), a therapist, clinical lead or admin whose session
/// began with a password alone reaches only the sign-in security pages, sign-out and the error pages; every other address
/// (admin pages, <c>/hangfire</c>, <c>/metrics</c> included) sends them to set up, or use, a second factor. Runs after
/// authentication and before any endpoint. Static files are served earlier in the pipeline. Patients are never forced.
/// </summary>
public sealed class StaffMfaGate(RequestDelegate next, MfaOptions options)
{
    private static readonly PathString[] Open =
    [
        SecurityPageController.Path, // set-up pages, and the passkey sign-in that upgrades the session
        "/account/sign-out",
        "/account/signed-out",
        "/account/sign-in",
        "/error",
        "/crisis",
    ];

    public Task InvokeAsync(HttpContext http)
    {
        var user = http.User;
        if (!options.RequireStaffMfa || user.Identity?.IsAuthenticated != true || !SecondFactors.IsStaff(user)
            || user.SessionUsedSecondFactor() || Open.Any(path => http.Request.Path.StartsWithSegments(path)))
            return next(http);

        http.Response.StatusCode = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? StatusCodes.Status302Found
            : StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = SecurityPageController.Path.Value;
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
