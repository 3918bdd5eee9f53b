using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Demo;

/// <summary>
/// Gives a demo patient a lived-in program: consented, enrolled so that a given week opened yesterday, baseline and
/// weekly questionnaires, earlier weeks completed, and a diary for most days. Synthetic and repeatable (fixed seed).
/// </summary>
public sealed class DemoJourney(AppDbContext db, Onboarding onboarding, ModuleOpening opening, Scheduling.ScheduleChanges changes, ProgramCatalog program, TimeProvider clock, Outcomes.Patients.PatientOutcomeStore outcomes)
{
    public const string DemoTimeZone = "Europe/London";
    private const int HeadacheWindowDays = Outcomes.Statistics.HeadacheWindow.Days;

    public Task GiveLivedInProgramAsync(Patient patient, int currentWeek, int seed) =>
        GiveLivedInProgramAsync(patient, new DemoStory(currentWeek, seed));

    public async Task GiveLivedInProgramAsync(Patient patient, DemoStory story)
    {
        if (await db.Enrolments.AnyAsync(e => e.PatientId == patient.Id))
            return;
        var (definition, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(DemoTimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var currentWeek = Math.Min(story.CurrentWeek, definition.Weeks);
        // Week 1 opened (currentWeek - 1) weeks and one day ago at 07:00, so the current week opened yesterday;
        // a finished program started further back by the days that passed since its last week opened.
        var start = today.AddDays(-7 * (currentWeek - 1) - 1 - story.DaysSinceLastWeek);
        var tracked = await db.Patients.SingleAsync(p => p.Id == patient.Id);
        tracked.AcceptConsent(definition.Consent.Version, now.AddDays(-7 * currentWeek - 3 - story.DaysSinceLastWeek));
        var enrolment = await onboarding.StoreAsync(tracked, new SessionPreferences(zone.Id, start.DayOfWeek, new TimeOnly(7, 0), start), new TimeOnly(20, 0), pastAlreadyHappened: true);
        var sessions = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolment.Id && e.Kind == ScheduledEventKind.SessionOpens).ToListAsync();

        var random = new Random(story.Seed);
        var baselineAt = new[] { sessions.Single(s => s.Week == 1).DueAt.AddDays(-2), now.AddHours(-2) }.Min();
        foreach (var id in new[] { "phq-9", "gad-7", "who-5", "midas" })
        {
            if (measures.FirstOrDefault(m => m.Id == id) is { Enabled: true } measure)
                db.MeasureResponses.Add(DemoAnswers.For(patient.Id, measure, AssessmentPoints.Baseline, 0, baselineAt, random, ease: 0));
        }
        var phq9 = measures.Single(m => m.Id == "phq-9");
        MeasureResponse? lastWeekly = null;
        for (var week = 1; week <= currentWeek; week++)
        {
            var opened = sessions.Single(s => s.Week == week).DueAt;
            var module = await opening.OpenAsync(patient.Id, week);
            db.Entry(module).Property(m => m.OpenedAt).CurrentValue = opened; // as if it had opened on time
            var finished = week < currentWeek || story.DaysSinceLastWeek > 0;
            if (finished && !story.MissedWeeks.Contains(week))
            {
                lastWeekly = DemoAnswers.For(patient.Id, phq9, AssessmentPoints.Weekly, week, opened.AddHours(3), random, ease: story.Worsening ? -2 * week : week);
                db.MeasureResponses.Add(lastWeekly);
                module.MoveTo("homework", opened.AddHours(3));
                module.Complete(opened.AddHours(4));
            }
        }
        if (story.FollowUpAnswered && await db.ScheduledEvents.FirstOrDefaultAsync(e => e.EnrolmentId == enrolment.Id && e.Kind == ScheduledEventKind.FollowUpOpens) is { } followUp)
        {
            db.MeasureResponses.Add(DemoAnswers.For(patient.Id, phq9, AssessmentPoints.FollowUp, 0, followUp.DueAt.AddDays(1), random, ease: 12));
            if (story.FullOutcomes)
                DemoOutcomes.AddFollowUp(db, patient.Id, measures, followUp.DueAt.AddDays(1), random);
        }
        if (story.FullOutcomes)
            DemoOutcomes.AddMidAndPost(db, patient.Id, measures, sessions, random);

        var diaryFrom = story.FullOutcomes ? start.AddDays(-HeadacheWindowDays) : story.DaysSinceLastWeek > 30 ? today.AddDays(-30) : start.AddDays(-10);
        for (var day = diaryFrom; day < today; day = day.AddDays(1))
        {
            if (random.NextDouble() < 0.15)
                continue;
            var entry = new DiaryEntry(patient.Id, day);
            var diaryDay = DemoAnswers.DiaryDay(random, story.HeavyMedication);
            if (story.FullOutcomes && day >= start.AddDays(7 * 8))
                diaryDay = DemoOutcomes.Calmer(diaryDay, random);
            entry.Record(diaryDay, day.ToDateTime(new TimeOnly(21, 0), DateTimeKind.Utc));
            db.DiaryEntries.Add(entry);
        }

        if (story.Alert != DemoAlert.None && lastWeekly is not null)
        {
            var answers = lastWeekly.Answers.ToArray();
            answers[^1] = 1; // item 9: "several days"
            var risky = new MeasureResponse(patient.Id, phq9.Id, AssessmentPoints.Weekly, currentWeek, answers, answers.Sum(), phq9.BandFor(answers.Sum()), now.AddHours(-5));
            db.MeasureResponses.Add(risky);
            var alert = new RiskAlert(patient.Id, tracked.AssignedTherapistId, new AlertSource(phq9.Id, AssessmentPoints.Weekly, currentWeek, answers.Select(a => (int?)a).ToArray()),
                risky.Id, phq9.RiskRules.First(r => r.Item is not null).Reason, now.AddHours(-5));
            if (story.Alert == DemoAlert.Acknowledged && tracked.AssignedTherapistId is { } therapist)
                alert.Acknowledge(therapist, now.AddHours(-4));
            db.RiskAlerts.Add(alert);
        }
        if (story.PatientMessage is { } message)
            db.Messages.Add(new Domain.Care.Message(patient.Id, tracked.UserId, fromPatient: true, message, now.AddHours(-20)));
        await outcomes.RefreshAsync(patient.Id);
        await db.SaveChangesAsync();

        if (story.Status == Domain.Enrolments.EnrolmentStatus.Paused)
            await changes.PauseAsync(enrolment.Id);
        else if (story.Status == Domain.Enrolments.EnrolmentStatus.Withdrawn)
            await changes.WithdrawAsync(enrolment.Id, "Moved to in-person care");
    }
}

public enum DemoAlert
{
    None,
    Open,
    Acknowledged,
}

/// <summary>What a demo patient's program has been like, so the demo caseload shows every status and flag.</summary>
public sealed record DemoStory(int CurrentWeek, int Seed)
{
    /// <summary>For a finished program: the days since its last week opened (the follow-up comes about 129 days after).</summary>
    public int DaysSinceLastWeek { get; init; }
    public IReadOnlySet<int> MissedWeeks { get; init; } = new HashSet<int>();
    public bool Worsening { get; init; }
    public bool HeavyMedication { get; init; }
    public DemoAlert Alert { get; init; }
    public bool FollowUpAnswered { get; init; }
    public Domain.Enrolments.EnrolmentStatus Status { get; init; }
    public string? PatientMessage { get; init; }
    /// <summary>Every outcome point answered (mid and post questionnaires, all four at follow-up) and a diary from 28 days before week 1, easing from week 9.</summary>
    public bool FullOutcomes { get; init; }
}
