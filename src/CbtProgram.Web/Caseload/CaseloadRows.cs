using CbtProgram.Web.Care;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// A caseload row from a patient's stored summary and the time now: what moves with the clock (the current week and
/// stage, sessions ended and completed on time, missed sessions in a row, the follow-up, the 28-day diary window ending
/// on the patient's own today) is worked out here, with the product's own rules (<see cref="ClinicalFlags"/>,
/// <see cref="MedicationOveruse"/>, <see cref="MissedSessions"/>; the worsening rise comes from the patient's
/// not-on-track rule). Pure: no I/O.
/// </summary>
public static class CaseloadRows
{
    /// <summary>A PHQ-9 as the row compares them (the latest is the baseline itself when it is the only one).</summary>
    private sealed record Score(string Point, int Week, int Value, string? Band, DateTimeOffset At);

    /// <summary>The patient's own date at <paramref name="now"/>: in their program's zone, UTC's before they choose one.</summary>
    public static DateOnly Today(string? timeZoneId, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now,
            timeZoneId is not null && SessionSchedule.TryFindZone(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc).DateTime);

    /// <summary>Whether the stored diary days cover the 28 days ending <paramref name="today"/> (else the row needs a refresh).</summary>
    public static bool CoversWindow(PatientSummary summary, DateOnly today) =>
        summary.DiaryFrom is not { } from || from <= MedicationOveruse.WindowStart(today);

    public static CaseloadRow From(PatientSummary s, string name, int weeks, int worseningRise, int missedFlag, DateTimeOffset now)
    {
        // Plain loops over the unpacked weeks: this runs once a row on every caseload view (50 rows a view), so it
        // makes no intermediate lists.
        var today = Today(s.TimeZoneId, now);
        var sessions = SummaryWeeks.Read(s.Sessions);
        var completed = SummaryWeeks.Read(s.CompletedModules);
        var week = 0;
        foreach (var session in sessions)
        {
            if (session.At <= now && session.Week > week)
                week = session.Week;
        }
        var programEnds = sessions.Length > 0 ? sessions[^1].At.AddDays(7) : (DateTimeOffset?)null;

        var stage = (EnrolmentStatus?)s.EnrolmentStatus switch
        {
            null => CaseStage.NotStarted,
            EnrolmentStatus.Withdrawn => CaseStage.Withdrawn,
            EnrolmentStatus.Paused => CaseStage.Paused,
            _ when week == 0 => CaseStage.Baseline,
            _ when programEnds is { } end && now < end => CaseStage.InProgram,
            _ when s.FollowUpAnswered => CaseStage.FollowUpDone,
            _ when s.FollowUpOpensAt is { } opens && now < opens => CaseStage.Finished,
            _ when s.FollowUpClosesAt is { } closes && now <= closes => CaseStage.FollowUpDue,
            _ => CaseStage.FollowUpMissed,
        };

        // A session ends when the next one opens (the last one a week after it opened); on time means completed by then.
        var ended = 0;
        var onTime = 0;
        for (var i = 0; i < sessions.Length; i++)
        {
            var ends = i + 1 < sessions.Length ? sessions[i + 1].At : sessions[i].At.AddDays(7);
            if (ends <= now)
                ended++;
            if (CompletedBy(completed, sessions[i].Week, ends))
                onTime++;
        }

        var baseline = s.BaselinePhq9Score is { } b ? new Score(AssessmentPoints.Baseline, s.BaselinePhq9Week ?? 0, b, s.BaselinePhq9Band, s.BaselinePhq9At!.Value) : null;
        var latest = s.LatestPhq9Score is { } l ? new Score(s.LatestPhq9Point!, s.LatestPhq9Week ?? 0, l, s.LatestPhq9Band, s.LatestPhq9At!.Value) : null;

        // The diary window: the 28 days up to the patient's own today, as the medication rule counts them.
        var hasDiary = s.LastDiaryAt is not null;
        var from = MedicationOveruse.WindowStart(today);
        var recentDays = 0;
        var recentHeadache = 0;
        var medicineKinds = new List<AcuteMedicineKinds>();
        foreach (var day in SummaryDiaryDays.Read(s.DiaryFrom, s.DiaryDays))
        {
            if (day.Date < from || day.Date > today)
                continue;
            recentDays++;
            if (day.Headache)
                recentHeadache++;
            if (day.Medicine)
                medicineKinds.Add(day.Kinds);
        }
        var headache = hasDiary ? ClinicalFlags.Per28Days(recentHeadache, recentDays) : null;
        var baselineHeadache = hasDiary ? ClinicalFlags.Per28Days(s.BaselineHeadacheDays, s.BaselineDiaryDays) : null;
        var missed = stage == CaseStage.InProgram ? MissedSessions.InARow(CompletedWeeks(completed), week) : 0;

        var flags = new List<CaseFlagKind>();
        if (s.OpenAlerts.Length > 0)
            flags.Add(CaseFlagKind.RiskAlert);
        if (ClinicalFlags.IsWorsening(baseline?.Value, latest?.Value, worseningRise) && latest != baseline)
            flags.Add(CaseFlagKind.Worsening);
        if (missed >= missedFlag)
            flags.Add(CaseFlagKind.MissedSessions);
        var medication = hasDiary ? MedicationOveruse.Assess(recentDays, medicineKinds) : null;
        if (medication is { IsFlagged: true })
            flags.Add(CaseFlagKind.MedicationOveruse);
        if (stage == CaseStage.FollowUpDue)
            flags.Add(CaseFlagKind.FollowUpDue);
        if (stage == CaseStage.FollowUpMissed)
            flags.Add(CaseFlagKind.FollowUpMissed);

        return new CaseloadRow(s.PatientId, name, stage, week, weeks, s.LastActivityAt, onTime, ended,
            latest?.Value, latest?.Band, latest is null || baseline is null ? null : latest.Value - baseline.Value,
            headache, headache is null || baselineHeadache is null ? null : headache - baselineHeadache,
            missed, flags, SummaryAlerts.AnyUnacknowledged(s.OpenAlerts), s.UnreadMessages, medication);
    }

    /// <summary>Whether the module of <paramref name="week"/> was completed by <paramref name="ends"/>.</summary>
    private static bool CompletedBy(SummaryWeek[] completed, int week, DateTimeOffset ends)
    {
        foreach (var module in completed)
        {
            if (module.Week == week && module.At <= ends)
                return true;
        }
        return false;
    }

    private static int[] CompletedWeeks(SummaryWeek[] completed)
    {
        var weeks = new int[completed.Length];
        for (var i = 0; i < completed.Length; i++)
            weeks[i] = completed[i].Week;
        return weeks;
    }

    /// <summary>The open alerts of these rows, as the page's banner lists them: unacknowledged first, oldest first.</summary>
    public static IReadOnlyList<OpenAlert> BannerAlerts(IEnumerable<(PatientSummary Summary, string Name)> patients) =>
        patients.SelectMany(p => SummaryAlerts.Read(p.Summary.OpenAlerts).Select(alert =>
                new OpenAlert(alert.Id, p.Summary.PatientId, p.Name, alert.RaisedAt, alert.Acknowledged)))
            .OrderBy(a => a.Acknowledged).ThenBy(a => a.RaisedAt).ToList();
}
