using System.Net;

namespace CbtProgram.Web.Security;

/// <summary>
/// Who may read /healthz's details (each check and its reasons, such as which jobs are late): a signed-in admin, or a
/// probe on the machine itself (a loopback address, after forwarded headers from a trusted proxy have been applied).
/// Everyone else gets the overall status only, which is all a load balancer needs.
/// </summary>
public static class HealthDetailsAccess
{
    public static bool MayReadDetails(HttpContext http) =>
        http.User.IsInRole(Roles.Admin)
        || http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
}
