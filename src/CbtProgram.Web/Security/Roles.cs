namespace CbtProgram.Web.Security;

/// <summary>The kinds of people who use the program.</summary>
public static class Roles
{
    public const string Patient = "Patient";
    public const string Therapist = "Therapist";
    /// <summary>Clinical governance: sees every open risk alert, owns those of patients with no therapist.</summary>
    public const string ClinicalLead = "ClinicalLead";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Patient, Therapist, ClinicalLead, Admin];

    /// <summary>Staff who may open a patient's record (each within the rule of <see cref="PatientAccessHandler"/>).</summary>
    public const string RecordReaders = $"{Therapist},{ClinicalLead},{Admin}";

    public static string Describe(string role) => role switch
    {
        ClinicalLead => "Clinical lead",
        Admin => "Program admin",
        _ => role,
    };
}
