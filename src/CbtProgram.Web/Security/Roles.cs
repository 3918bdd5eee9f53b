namespace CbtProgram.Web.Security;

/// <summary>The three kinds of people who use the program.</summary>
public static class Roles
{
    public const string Patient = "Patient";
    public const string Therapist = "Therapist";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Patient, Therapist, Admin];
}
