namespace CbtProgram.Web.Crisis;

/// <summary>Where to get urgent help: set per deployment in the "CrisisResources" configuration section.</summary>
public sealed class CrisisResourcesOptions
{
    public const string Section = "CrisisResources";

    /// <summary>The words of the link shown on every patient page.</summary>
    public string LinkText { get; set; } = "Get help now";
    public string Heading { get; set; } = "Get help now";
    public string Introduction { get; set; } = "";
    public List<CrisisContact> Contacts { get; set; } = [];
}

public sealed class CrisisContact
{
    public string Name { get; set; } = "";
    public string Details { get; set; } = "";
    /// <summary>A number a phone can dial from a tel: link; leave empty when there is none.</summary>
    public string? Phone { get; set; }
}
