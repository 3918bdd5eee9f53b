namespace CbtProgram.Web.Outcomes.Research;

/// <summary>The data dictionary that goes with every research CSV: each column, its type and meaning.</summary>
public static class ResearchColumns
{
    public static string Markdown(string keyName, int researchVersion) => $"""
        # CbtProgram research export: data dictionary

        One row per patient, assessment point and measure (`kind` = `questionnaire`), then one row per patient, diary
        window and diary figure (`kind` = `diary_window`). Only patients whose latest answer to the research consent item
        is yes to version {researchVersion} (or later) of its text are included. Missing points have no row; nothing is
        imputed. Text cells that a spreadsheet could read as a formula start with an apostrophe.

        | column | type | meaning |
        |---|---|---|
        | pseudonym | text | The patient's pseudonymous id under export key `{keyName}`: the first 60 bits of HMAC-SHA256 of the patient's internal id under the key's secret, as 12 Crockford base-32 characters. The same in every export with this key; unrelated under another key. Never the database id, name or email. |
        | kind | text | `questionnaire` (a completed questionnaire) or `diary_window` (a figure from the headache diary over a 28-day window). |
        | point | text | `baseline` (before week 1), `weekly` (the check-in at the start of a week's session), `mid` (week 6), `post` (end of week 12), `follow-up` (4 months after week 12). For diary windows: `baseline` = the 28 days before week 1, `post` = the 28 days ending a week after the week-12 session, `follow-up` = the 28 days before the follow-up opened. |
        | week | integer | The program week of a `weekly` or `mid` questionnaire; empty otherwise. |
        | measure | text | `phq-9` (depression, 0-27), `gad-7` (anxiety, 0-21), `who-5` (well-being, raw 0-25), `midas` (headache disability, days over 3 months); diary: `diary-headache-days` (headache days per 28 recorded days), `diary-peak-intensity` (mean peak intensity 0-10 on headache days), `diary-headache-index` (sum of peak intensity per 28 recorded days), `diary-medicine-days` (acute-medicine days per 28 recorded days). |
        | score | number | The questionnaire's total as scored when it was answered, or the diary figure (two decimals). |
        | band | text | The questionnaire's severity band when it was answered (e.g. `Moderate`); empty for diary rows and measures without bands. |
        | days_from_week1 | integer | Days from the local date week 1 opened to the local date the questionnaire was sent (negative = before week 1); empty for diary rows. |
        | diary_days_recorded | integer | Diary rows: days with a diary entry in the 28-day window (figures need at least 14). Empty for questionnaires. |
        | completed_modules | integer | Modules (of 12) the patient had completed on the day of the export. The same on each of the patient's rows. |
        | export_key | text | The name of the export key the pseudonyms were made with (`{keyName}`). |

        Definitions of caseness, reliable change, recovery and headache response are those of the service's outcome rules
        (NHS Talking Therapies for PHQ-9 and GAD-7; Jacobson-Truax reliable change for the others; headache response = 50%
        or greater reduction in headache days per 28 from the baseline window).
        """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
}
