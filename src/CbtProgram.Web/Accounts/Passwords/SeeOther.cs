using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts.Passwords;

public static class SeeOtherRedirects
{
    /// <summary>
    /// 303 to a clean address after a link's secret has been taken off it: the browser follows with a GET, and with
    /// "Referrer-Policy: no-referrer" the secret address is never sent on.
    /// </summary>
    public static IActionResult SeeOther(this ControllerBase controller, string localUrl)
    {
        controller.Response.Headers["Referrer-Policy"] = "no-referrer";
        controller.Response.Headers.Location = localUrl;
        return controller.StatusCode(StatusCodes.Status303SeeOther);
    }
}
