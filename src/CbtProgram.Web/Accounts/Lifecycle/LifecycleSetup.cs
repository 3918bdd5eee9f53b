using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Lifecycle;

public static class LifecycleSetup
{
    public static IServiceCollection AddCbtAccountLifecycle(this IServiceCollection services)
    {
        services.AddScoped<IUserConfirmation<AppUser>, EnabledAccountCheck>();
        services.AddScoped<AccountLifecycle>();
        services.AddScoped<CaseloadReassignment>();
        services.AddScoped<InvitationLifecycle>();
        return services;
    }
}
