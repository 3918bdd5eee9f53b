using CbtProgram.Web.Care;
using CbtProgram.Web.Accounts;
using Hangfire.Dashboard;

namespace CbtProgram.Web.Audit;

/// <summary>
/// Records each page an admin opens in the Hangfire dashboard. Access itself is decided by the endpoint's policy; this
/// filter always allows. The dashboard's own polling (POST /stats every 2 seconds) and its scripts, styles and fonts are
/// not page views and are not recorded.
/// </summary>
public sealed class JobDashboardAudit : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsPageView(http.Request.Method, context.Request.Path) && http.User.UserId() is { } userId)
            await http.RequestServices.GetRequiredService<AuditLog>().RecordNowAsync(userId, null, AuditActions.JobDashboardOpened,
                string.IsNullOrEmpty(context.Request.Path) ? "/" : context.Request.Path);
        return true;
    }

    /// <summary>A page someone looks at: a GET that is not one of the dashboard's scripts, styles or fonts.</summary>
    public static bool IsPageView(string method, string? path) =>
        HttpMethods.IsGet(method)
        && !(path ?? "").StartsWith("/js", StringComparison.OrdinalIgnoreCase)
        && !(path ?? "").StartsWith("/css", StringComparison.OrdinalIgnoreCase)
        && !(path ?? "").StartsWith("/fonts", StringComparison.OrdinalIgnoreCase);
}
