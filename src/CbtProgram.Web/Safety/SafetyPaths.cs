namespace CbtProgram.Web.Safety;

public static class SafetyPaths
{
    /// <summary>Every open risk alert, for the clinical leads (and admins).</summary>
    public const string Alerts = "/safety/alerts";
}
