using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// The baseline diary of one patient: the <see cref="PlannedDays"/> days before week 1 (program.yaml's
/// <c>diary_days_before_week_1</c>), from <see cref="From"/> to <see cref="To"/> (local dates); how many of them the
/// schedule left after enrolment (<see cref="AvailableDays"/>: fewer when the patient chose a first session sooner), and
/// how many have a diary entry (<see cref="RecordedDays"/>, which may include days written in the 7 days back the diary
/// allows). Outcome reports read the baseline's diary from this window; a short one is stated, never filled in.
/// </summary>
public sealed record BaselineDiaryStatus(int PlannedDays, DateOnly From, DateOnly To, DateOnly Week1, int AvailableDays, int RecordedDays)
{
    /// <summary>The first session came sooner than the planned diary days allowed.</summary>
    public bool IsShort => AvailableDays < PlannedDays;

    /// <summary>For staff, e.g. "baseline diary: 9 of 14 days recorded" or, when short, "… (short: week 1 left 5 of the 14 planned days)".</summary>
    public string Describe() =>
        $"baseline diary: {RecordedDays} of {PlannedDays} days recorded"
        + (IsShort ? $" (short: week 1 left {AvailableDays} of the {PlannedDays} planned days)" : "");

    /// <summary>
    /// The window before <paramref name="week1"/> and what fills it. An enrolment recorded after its own week 1 opened
    /// (an import of a program already under way, demo data) is not judged short: its whole window counts as available.
    /// </summary>
    public static BaselineDiaryStatus Compute(int plannedDays, DateOnly week1, DateOnly enrolledOn, IEnumerable<DateOnly> diaryDates)
    {
        var from = week1.AddDays(-plannedDays);
        var to = week1.AddDays(-1);
        var available = enrolledOn > week1 ? plannedDays : Math.Clamp(week1.DayNumber - Math.Max(enrolledOn.DayNumber, from.DayNumber), 0, plannedDays);
        var recorded = diaryDates.Distinct().Count(d => d >= from && d <= to);
        return new BaselineDiaryStatus(plannedDays, from, to, week1, available, recorded);
    }

    /// <summary>The planned baseline diary days of a program (0 when it asks for none).</summary>
    public static int PlannedDaysOf(ProgramDefinition program) =>
        program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Baseline)?.DiaryDaysBeforeWeek1 ?? 0;
}

/// <summary>Reads a patient's <see cref="BaselineDiaryStatus"/> (null before they have a schedule, or when the program plans no baseline diary).</summary>
public sealed class BaselineDiary(AppDbContext db, ProgramCatalog program)
{
    public async Task<BaselineDiaryStatus?> ForPatientAsync(Guid patientId)
    {
        var planned = BaselineDiaryStatus.PlannedDaysOf((await program.GetAsync()).Program);
        var found = await db.Enrolments.AsNoTracking().Where(e => e.PatientId == patientId)
            .Select(e => new
            {
                e.TimeZoneId,
                e.CreatedAt,
                Week1 = db.ScheduledEvents.Where(s => s.EnrolmentId == e.Id && s.Kind == ScheduledEventKind.SessionOpens && s.Week == 1)
                    .Select(s => (DateOnly?)s.LocalDate).FirstOrDefault(),
            }).FirstOrDefaultAsync();
        if (planned < 1 || found?.Week1 is not { } week1)
            return null;
        var from = week1.AddDays(-planned);
        var dates = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == patientId && d.Date >= from && d.Date < week1).Select(d => d.Date).ToListAsync();
        return BaselineDiaryStatus.Compute(planned, week1, EnrolledOn(found.CreatedAt, found.TimeZoneId), dates);
    }

    /// <summary>The local date of enrolment in the patient's zone.</summary>
    public static DateOnly EnrolledOn(DateTimeOffset createdAt, string timeZoneId) =>
        LocalMoment.At(createdAt, PatientTimeZones.IsAccepted(timeZoneId) ? PatientTimeZones.Find(timeZoneId) : TimeZoneInfo.Utc).Date;
}
