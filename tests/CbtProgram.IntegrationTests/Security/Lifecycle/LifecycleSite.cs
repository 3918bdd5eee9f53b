using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Lifecycle;

internal static class LifecycleSite
{
    public static async Task<string> UserIdAsync(this CbtWebApplicationFactory site, string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>An admin presses a button on an account's page; returns the notice the page then shows.</summary>
    public static async Task<string> AdminActsAsync(this HttpClient admin, string userId, string action, params (string Name, string Value)[] fields)
    {
        var page = $"/admin/accounts/{userId}";
        var response = await admin.PostFormAsync(page, $"{page}/{action}", fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    public static async Task<int> AuditCountAsync(this CbtWebApplicationFactory site, string action)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action == action);
    }
}
