namespace CbtProgram.Web.Security.RateLimits;

/// <summary>
/// The names of the site's rate-limit policies, for <c>[EnableRateLimiting(RateLimitPolicies.X)]</c> on a form's POST
/// action. Each is configured under <c>RateLimits:*</c> (<see cref="RateLimitOptions"/>).
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Password sign-in, per client address. Attach it also to every other step that checks a secret a
    /// stranger could guess (the authenticator-code and recovery-code steps, passkey sign-in).</summary>
    public const string SignIn = "sign-in";

    /// <summary>Anonymous account forms, per client address: set password, forgotten password, accepting an
    /// invitation, registration.</summary>
    public const string AccountForms = "account-forms";

    /// <summary>Inviting a patient, per signed-in therapist or admin.</summary>
    public const string Invitations = "invitations";

    /// <summary>Sending a secure message, per sender (each message emails the other side).</summary>
    public const string Messages = "messages";

    /// <summary>Diary days, questionnaire answers and module steps, per signed-in patient.</summary>
    public const string PatientEntries = "patient-entries";
}
