using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

/// <summary>Makes sure the three roles exist; safe to run on every start.</summary>
public static class RoleSeeder
{
    public static async Task EnsureRolesAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
    }
}
