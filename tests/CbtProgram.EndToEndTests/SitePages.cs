namespace CbtProgram.EndToEndTests;

/// <summary>One page of the site as someone sees it: who is signed in, its address and a short name for screenshots.</summary>
/// <param name="Role">A key of <see cref="SitePages.Accounts"/>, or <see cref="SitePages.Visitor"/> for nobody signed in.</param>
/// <param name="Name">A short name for the screenshot and for reports.</param>
/// <param name="Url">The address; {placeholders} are filled in from <see cref="SitePages.Fill"/> (ids of the demo patient and so on).</param>
/// <param name="Status">The status the page answers with: error pages and "not open yet" answer 4xx or 500.</param>
public sealed record SitePage(string Role, string Url, string Name, int Status = 200);

/// <summary>
/// Every page of the site, for the accessibility run (<see cref="AccessibilityTests"/>) and the walk that checks nothing is
/// loaded from elsewhere. To cover a new page, add a line here.
/// </summary>
public static class SitePages
{
    public const string Visitor = "visitor";

    /// <summary>Who each role signs in as. The walk's site makes the ones that are not demo accounts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Accounts = new Dictionary<string, string>
    {
        ["patient"] = "patient@example.org",              // week 3, weeks 1 and 2 done
        ["patient-halfway"] = "mid.way@example.org",      // week 6: the halfway questionnaires are due, and a notice
        ["patient-new"] = "new.starter@example.org",      // has not agreed to the consent yet
        ["patient-onboarding"] = AccessibilitySite.OnboardingEmail, // agreed, not yet chosen a session time
        ["patient-starting"] = AccessibilitySite.StartingEmail,     // starts next week, nothing answered yet
        ["patient-medicine"] = "acknowledged@example.org", // medicine on most headache days: the medication-overuse prompt
        ["patient-finished"] = "follow.up.done@example.org", // finished, follow-up done: every outcome point answered
        ["patient-post-closed"] = "follow.up.missed@example.org", // the end-of-program questionnaires' window has closed
        ["therapist"] = "therapist@example.org",
        ["lead"] = "lead@example.org",
        ["admin"] = "admin@example.org",
    };

    public static readonly IReadOnlyList<SitePage> All =
    [
        new(Visitor, "/", "front-page"),
        new(Visitor, "/account/sign-in", "sign-in"),
        new(Visitor, "/account/register", "register"),
        new(Visitor, "/account/signed-out", "signed-out"),
        new(Visitor, "/invitations/{invitation}", "invitation"),
        new(Visitor, "/invitations/not-a-real-link", "invitation-unusable", 404),
        new(Visitor, "/crisis", "crisis-visitor"),
        new(Visitor, "/offline", "offline"),
        new(Visitor, "/help/headache-red-flags", "headache-red-flags"),
        new(Visitor, "/account/set-password?kind=setup&user=new-colleague&token=walk", "set-password"),
        new(Visitor, "/account/forgot-password", "forgot-password"),
        new(Visitor, "/no-such-page", "error-404-visitor", 404),
        new(Visitor, "/error/400", "error-400", 400),
        new(Visitor, "/error/403", "error-403", 403),
        new(Visitor, "/error/500", "error-500", 500),
        new(Visitor, "/error/429", "error-429", 429),

        new("patient-new", "/patient/consent", "patient-consent"),
        new("patient", "/account/password", "change-password"),
        new("patient-onboarding", "/patient/onboarding", "patient-onboarding"),
        new("patient-starting", "/patient/assessments/baseline", "patient-baseline"),
        new("patient-starting", "/patient/progress", "patient-progress-empty"),
        new("patient-starting", "/patient/diary", "patient-diary-empty"),
        new("patient-starting", "/patient/schedule", "patient-schedule-not-started"),

        new("patient", "/patient", "patient-home"),
        new("patient-halfway", "/patient/modules/6/steps/check-in", "patient-step-check-in"),
        new("patient", "/patient/modules/3/steps/homework-review", "patient-step-reflection"),
        new("patient", "/patient/modules/3/steps/common-triggers", "patient-step-reading"),
        new("patient", "/patient/modules/3/steps/trigger-log", "patient-step-worksheet"),
        new("patient", "/patient/modules/3/steps/quiz", "patient-step-quiz"),
        new("patient", "/patient/modules/2/steps/breathing", "patient-step-exercise"),
        new("patient", "/patient/modules/2/steps/pmr", "patient-step-exercise-recorded"),
        new("patient", "/patient/modules/2", "patient-week-done"),
        new("patient", "/patient/modules/5", "patient-week-not-open", 404),
        new("patient", "/patient/diary", "patient-diary-today"),
        new("patient", "/patient/diary/{yesterday}", "patient-diary-yesterday"),
        new("patient", "/patient/diary/offline", "patient-diary-offline-form"),
        new("patient", "/patient/progress", "patient-progress"),
        new("patient", "/patient/schedule", "patient-schedule"),
        new("patient", "/patient/schedule/weeks/4/move", "patient-schedule-move"),
        new("patient", "/patient/schedule/stop", "patient-schedule-stop"),
        new("patient", "/patient/my-data", "patient-my-data"),
        new("patient", "/patient/my-data/research", "patient-research-consent"),
        new("patient-finished", "/patient/progress", "patient-progress-finished"),
        new("patient-post-closed", "/patient/assessments/post", "patient-assessments-closed", 409),
        new("patient", "/patient/messages", "patient-messages-empty"),
        new("patient", "/patient/support?next=/patient", "patient-support"),
        new("patient", "/crisis", "patient-crisis"),
        new("patient", "/admin", "patient-error-403", 403),
        new("patient", "/patient/no-such-page", "patient-error-404", 404),
        new("patient", "/error/429", "patient-error-429", 429),

        new("patient-medicine", "/patient/diary/{yesterday}", "patient-diary-medication-flag"),
        new("patient-medicine", "/patient/progress", "patient-progress-medication-flag"),

        new("patient-halfway", "/patient", "patient-home-notice-and-questionnaires"),
        new("patient-halfway", "/patient/assessments/mid", "patient-assessment"),
        new("patient-halfway", "/patient/progress", "patient-progress-halfway"),
        new("patient-halfway", "/patient/messages", "patient-messages"),

        new("therapist", "/therapist", "therapist-caseload"),
        new("therapist", "/therapist?filter=MissedSessions&sort=name", "therapist-caseload-filtered"),
        new("therapist", "/therapist?filter=Nobody", "therapist-caseload-all-shown"),
        new("therapist", "/therapist/patients/{riskPatient}", "therapist-patient-alert"),
        new("therapist", "/therapist/patients/{patient}", "therapist-patient"),
        new("therapist", "/therapist/patients/{patient}/work", "therapist-patient-work"),
        new("therapist", "/therapist/patients/{patient}/outcomes", "therapist-patient-outcomes"),
        new("therapist", "/therapist/patients/{finishedPatient}/outcomes", "therapist-patient-outcomes-finished"),
        new("therapist", "/therapist/patients/{patient}/notes", "therapist-patient-notes"),
        new("therapist", "/therapist/patients/{messagingPatient}/messages", "therapist-patient-messages"),
        new("therapist", "/therapist/invite", "therapist-invite"),
        new("therapist", "/therapist/patients/{patient}/schedule", "therapist-patient-schedule"),
        new("therapist", "/therapist/patients/{patient}/schedule/weeks/4/move", "therapist-patient-schedule-move"),
        new("therapist", "/therapist/patients/{patient}/schedule/stop", "therapist-patient-schedule-stop"),

        new("lead", "/safety/alerts", "lead-alerts"),
        new("lead", "/admin/outcomes", "lead-service-report"),
        new("lead", "/therapist/patients/{riskPatient}", "lead-patient-record"),
        new("admin", "/safety/alerts", "admin-alerts"),

        new("admin", "/admin", "admin-accounts"),
        new("admin", "/admin/accounts/new", "admin-new-account"),
        new("admin", "/admin/patients", "admin-patients"),
        new("admin", "/admin/audit", "admin-audit"),
        new("admin", "/therapist/patients/{patient}", "admin-patient-record"),
        new("admin", "/therapist/patients/{patient}/reason", "admin-record-reason"),
        new("admin", "/admin/curriculum", "admin-curriculum"),
        new("admin", "/admin/curriculum/weeks/2", "admin-curriculum-module"),
        new("admin", "/admin/curriculum/weeks/{draftWeek}/draft", "admin-curriculum-draft"),
        new("admin", "/admin/curriculum/weeks/{draftWeek}/draft/preview", "admin-curriculum-preview"),
        new("admin", "/admin/curriculum/weeks/2/versions/1", "admin-curriculum-version"),
        new("admin", "/admin/curriculum/settings", "admin-program-settings"),
        new("admin", "/admin/curriculum/settings/draft", "admin-program-settings-draft"),
        new("admin", "/admin/curriculum/settings/versions/1", "admin-program-settings-version"),
        new("admin", "/admin/schedules", "admin-schedules"),
        new("admin", "/admin/schedules/{enrolment}", "admin-schedule"),
        new("admin", "/admin/mail", "admin-mail"),
        new("admin", "/admin/mail?status=dead-lettered", "admin-mail-dead-letters"),
        new("admin", "/admin/operations", "admin-operations"),
        new("admin", "/admin/outcomes?view=completers", "admin-service-report"),
        new("admin", "/admin/outcomes/research-export", "admin-research-export"),
        new("admin", "/admin/operations?show=dead-letters", "admin-operations-dead-letters"),
        new("admin", "/admin/fhir", "admin-fhir"),
        new("admin", "/therapist/invite", "admin-invite"),
        new("patient", "/account/security", "patient-security"),
        new("admin", "/account/security", "admin-security"),
        new("admin", "/account/confirm?returnUrl=%2Fadmin", "admin-confirm"),
        new("admin", "/admin/accounts/{therapistAccount}", "admin-account"),
        new("admin", "/admin/invitations", "admin-invitations"),
        new("patient", "/account/sessions", "patient-sessions"),
        // /hangfire is Hangfire's own dashboard, not drawn by this site; it is left out of the run.
    ];

    /// <summary>Fills in the {placeholders} of a page's address.</summary>
    public static string Fill(string url, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(url, (filled, value) => filled.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));
}
