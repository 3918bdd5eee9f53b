namespace CbtProgram.Web.Crisis;

/// <summary>
/// A live deployment must tell a patient at risk where to get help: in Production, the crisis resources need at least
/// one contact with a name and a way to reach it. Development and test sites may leave them out.
/// </summary>
public static class CrisisContactsRule
{
    public const string Setting = $"{CrisisResourcesOptions.Section}:Contacts";

    public static string? Problem(CrisisResourcesOptions options, IHostEnvironment environment) =>
        environment.IsProduction() && !options.Contacts.Any(IsUsable)
            ? $"the crisis resources have no contact to show a patient at risk: set {Setting} for this deployment, each with a Name, and Details or a Phone"
            : null;

    public static string? Problem(IConfiguration configuration, IHostEnvironment environment) =>
        Problem(configuration.GetSection(CrisisResourcesOptions.Section).Get<CrisisResourcesOptions>() ?? new CrisisResourcesOptions(), environment);

    private static bool IsUsable(CrisisContact contact) =>
        !string.IsNullOrWhiteSpace(contact.Name) && (!string.IsNullOrWhiteSpace(contact.Details) || !string.IsNullOrWhiteSpace(contact.Phone));
}
