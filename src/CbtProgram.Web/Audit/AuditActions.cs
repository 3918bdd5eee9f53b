namespace CbtProgram.Web.Audit;

/// <summary>The security events' action names as they appear in the audit log (patient-record actions live with their code).</summary>
public static class AuditActions
{
    public const string SignedIn = "signed in";
    public const string SignInFailed = "sign-in failed";
    public const string LockedOut = "sign-in refused: account locked";
    public const string SecondStepAsked = "sign-in: password right, second step asked";
    public const string SignedOut = "signed out";
    public const string StaffAccountCreated = "created staff account";
    public const string PatientInvited = "invited a patient";
    public const string ModulePublished = "published curriculum module";
    public const string CurriculumExported = "exported curriculum";
    public const string PatientDataExported = "downloaded their data";
    public const string JobDashboardOpened = "opened job dashboard";
    public const string ViewedSchedules = "viewed schedules";
    public const string ViewedSchedule = "viewed schedule";
    public const string GaveReason = "gave a reason to open record";

    /// <summary>Actor id of an entry whose person is not known (a sign-in attempt for an address with no account).</summary>
    public const string Anonymous = "anonymous";
}
