using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;

namespace CbtProgram.Benchmarks.Load;

/// <summary>Where a synthetic patient is in the program on the day the benchmark runs.</summary>
public enum LoadStage
{
    Baseline,
    InProgram,
    Finished,
    FollowUpDue,
    FollowUpDone,
    Withdrawn,
}

/// <summary>What one synthetic patient's program has been like: their stage, the week they are in, and what happened to them.</summary>
public sealed record PatientStory(LoadStage Stage, int Week, int DaysIntoStage, string TimeZoneId, TimeOnly SessionTime, bool Alert, bool AlertAcknowledged, bool AlertResolved, bool UnreadMessage);

/// <summary>Every row a patient's program leaves behind, built in memory from the domain's own constructors and rules.</summary>
public sealed class PatientRows
{
    public List<Enrolment> Enrolments { get; } = [];
    public List<ScheduledEvent> Events { get; } = [];
    public List<PatientModule> Modules { get; } = [];
    public List<StepAnswer> Worksheets { get; } = [];
    public List<MeasureResponse> Measures { get; } = [];
    public List<RiskAlert> Alerts { get; } = [];
    public List<DiaryEntry> Diary { get; } = [];
    public List<Message> Messages { get; } = [];
    public List<ClinicalNote> Notes { get; } = [];
    public List<Notice> Notices { get; } = [];
}

/// <summary>
/// Writes a patient's lived program as the site would have stored it: the enrolment and its schedule rows (past events
/// done, a withdrawn program's future ones cancelled), each opened week pinned to the published module with worksheet
/// answers, the questionnaires of every assessment point reached, a diary for most days, messages both ways, a clinical
/// note and, for some, a risk alert raised by a PHQ-9 item 9 answer.
/// </summary>
public sealed class PatientHistory(ProgramDefinition program, IReadOnlyList<MeasureDefinition> measures, IReadOnlyDictionary<int, ModuleVersion> modules, DateTimeOffset now)
{
    private const double DiaryKeptShare = 0.9;

    /// <summary>
    /// Only the enrolment and its schedule rows: for the many finished patients of the jobs benchmark (their read notices
    /// would long since have been deleted by the retention job).
    /// </summary>
    public bool ScheduleOnly { get; init; }

    public void Write(Patient patient, string therapistId, string patientUserId, PatientStory story, Random random, PatientRows rows)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(story.TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var firstSession = FirstSessionDate(story, today);
        var preferences = new SessionPreferences(zone.Id, firstSession.DayOfWeek, story.SessionTime, firstSession);
        var followUpPoint = program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp);
        var schedule = SessionSchedule.Compute(preferences, program.Weeks, followUpPoint?.MonthsAfterWeek12 ?? 4, followUpPoint?.WindowDays ?? 14);
        var enrolledAt = SessionSchedule.ToInstant(firstSession.AddDays(-3), new TimeOnly(12, 0), zone);
        var enrolment = new Enrolment(patient.Id, preferences, new TimeOnly(20, 0), enrolledAt);
        rows.Enrolments.Add(enrolment);

        var withdrawnAt = story.Stage == LoadStage.Withdrawn ? schedule.Sessions[story.Week - 1].OpensAt.AddDays(2) : (DateTimeOffset?)null;
        foreach (var scheduled in ScheduleEvents.For(enrolment.Id, schedule, program, enrolledAt))
        {
            if (scheduled.DueAt <= now && (withdrawnAt is null || scheduled.DueAt <= withdrawnAt))
            {
                scheduled.Done(scheduled.DueAt, "sent");
                if (!ScheduleOnly)
                    AddNotice(scheduled, patientUserId, rows);
            }
            else if (withdrawnAt is { } stopped)
                scheduled.Cancel(stopped, "program stopped");
            rows.Events.Add(scheduled);
        }
        if (story.Stage == LoadStage.Withdrawn)
            enrolment.Withdraw("Moved to in-person care");
        // As the dispatcher does when the follow-up closes: nothing recurring looks at a finished program again.
        else if (rows.Events.LastOrDefault(e => e.EnrolmentId == enrolment.Id && e.Kind == ScheduledEventKind.FollowUpCloses) is { Status: ScheduledEventStatus.Done } closed)
            enrolment.Finish(closed.DueAt);
        if (ScheduleOnly)
            return;

        var baselineAt = enrolledAt.AddHours(1);
        if (story.Stage != LoadStage.Baseline)
            Answer(patient.Id, AssessmentPoints.Baseline, 0, baselineAt, random, ease: 0, rows);

        var lastWeek = story.Stage switch
        {
            LoadStage.Baseline => 0,
            LoadStage.InProgram or LoadStage.Withdrawn => story.Week,
            _ => program.Weeks,
        };
        MeasureResponse? lastPhq9 = null;
        for (var week = 1; week <= lastWeek; week++)
        {
            var opened = schedule.Sessions[week - 1].OpensAt;
            var version = modules[week];
            var module = new PatientModule(patient.Id, week, version.Id, opened);
            rows.Modules.Add(module);
            var current = week == lastWeek && story.Stage is LoadStage.InProgram or LoadStage.Withdrawn;
            var missed = !current && random.NextDouble() < 0.08;
            if (missed)
                continue;
            var doneAt = opened.AddHours(2 + random.Next(0, 48));
            if (doneAt > now)
                doneAt = now.AddMinutes(-30);
            lastPhq9 = Answer(patient.Id, AssessmentPoints.Weekly, week, doneAt, random, ease: week, rows, only: "phq-9");
            foreach (var point in program.AssessmentPoints.Where(p => p.Week == week))
                Answer(patient.Id, point.Id, week, doneAt, random, ease: week, rows, except: "phq-9");
            var steps = version.Content.Steps;
            var reached = current ? Math.Min(steps.Count - 1, 1 + random.Next(steps.Count - 1)) : steps.Count;
            foreach (var step in steps.Take(reached).Where(s => s.Fields.Count + s.Questions.Count > 0))
            {
                var answer = new StepAnswer(module.Id, step.Id);
                answer.Save(WorksheetAnswers(step, random), doneAt);
                rows.Worksheets.Add(answer);
            }
            if (current)
                module.MoveTo(steps[reached].Id, doneAt);
            else
                module.Complete(doneAt.AddMinutes(50));
        }
        if (story.Stage == LoadStage.FollowUpDone)
            Answer(patient.Id, AssessmentPoints.FollowUp, 0, schedule.FollowUpOpensAt.AddDays(1 + random.Next(0, 5)), random, ease: 12, rows);

        if (story.Alert && lastPhq9 is not null)
            RaiseAlert(patient.Id, therapistId, lastPhq9, story, rows);
        WriteDiary(patient.Id, schedule, withdrawnAt, today, zone, random, rows);
        WriteConversation(patient.Id, therapistId, patientUserId, story, random, rows);
        rows.Notes.Add(new ClinicalNote(patient.Id, therapistId, "Talked through the week's plan; agreed to keep the diary going.", enrolledAt.AddDays(10)));
    }

    /// <summary>The in-app notice the dispatcher leaves for an event it sent: read a few hours later, unless it came in the last two days.</summary>
    private void AddNotice(ScheduledEvent sent, string userId, PatientRows rows)
    {
        var text = sent.Kind switch
        {
            ScheduledEventKind.SessionOpens => $"Week {sent.Week} is ready",
            ScheduledEventKind.SessionReminder => $"Week {sent.Week} opens tomorrow",
            ScheduledEventKind.ModuleNudge => $"Week {sent.Week} is waiting for you",
            ScheduledEventKind.FollowUpOpens or ScheduledEventKind.FollowUpReminder => "Your follow-up questionnaires are ready",
            _ => null,
        };
        if (text is null)
            return;
        var notice = new Notice($"event:{sent.Id}:patient", userId, text, "/patient", sent.DueAt);
        if (sent.DueAt < now.AddDays(-2))
            notice.MarkRead(sent.DueAt.AddHours(4));
        rows.Notices.Add(notice);
    }

    /// <summary>The local date of week 1's session, so that the story's week opened the story's number of days ago.</summary>
    private DateOnly FirstSessionDate(PatientStory story, DateOnly today)
    {
        var weeks = program.Weeks;
        var followUpMonths = program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp)?.MonthsAfterWeek12 ?? 4;
        return story.Stage switch
        {
            LoadStage.Baseline => today.AddDays(1 + story.DaysIntoStage),
            LoadStage.InProgram or LoadStage.Withdrawn => today.AddDays(-7 * (story.Week - 1) - story.DaysIntoStage),
            LoadStage.Finished => today.AddDays(-7 * weeks - story.DaysIntoStage),
            // Follow-up stages: the follow-up opened DaysIntoStage days ago, four months after the program's end.
            _ => today.AddDays(-story.DaysIntoStage).AddMonths(-followUpMonths).AddDays(-7 * weeks),
        };
    }

    private MeasureResponse? Answer(Guid patientId, string point, int week, DateTimeOffset at, Random random, int ease, PatientRows rows,
        string? only = null, string? except = null)
    {
        var ids = program.AssessmentPoints.FirstOrDefault(p => p.Id == point)?.Measures ?? [];
        MeasureResponse? last = null;
        foreach (var measure in ids.Select(id => measures.FirstOrDefault(m => m.Id == id && m.Enabled)).OfType<MeasureDefinition>())
        {
            if ((only is not null && measure.Id != only) || measure.Id == except)
                continue;
            last = DemoAnswers.For(patientId, measure, point, week, at, random, ease);
            rows.Measures.Add(last);
        }
        return last;
    }

    /// <summary>The latest weekly PHQ-9 answered "several days" on item 9 instead, and the alert it raised.</summary>
    private void RaiseAlert(Guid patientId, string therapistId, MeasureResponse latest, PatientStory story, PatientRows rows)
    {
        var phq9 = measures.Single(m => m.Id == "phq-9");
        var answers = latest.Answers.ToArray();
        answers[^1] = 1;
        var at = latest.SubmittedAt;
        var risky = new MeasureResponse(patientId, phq9.Id, latest.Point, latest.Week, answers, answers.Sum(), phq9.BandFor(answers.Sum()), at);
        rows.Measures[rows.Measures.IndexOf(latest)] = risky;
        var alert = new RiskAlert(patientId, therapistId, new AlertSource(phq9.Id, risky.Point, risky.Week, answers.Select(a => (int?)a).ToArray()), risky.Id,
            phq9.RiskRules.First(r => r.Item is not null).Reason, at);
        if (story.AlertAcknowledged || story.AlertResolved)
            alert.Acknowledge(therapistId, at.AddHours(1));
        if (story.AlertResolved)
            alert.Resolve(therapistId, "Called the patient; safety plan reviewed and in place.", at.AddHours(3));
        rows.Alerts.Add(alert);
    }

    /// <summary>A diary for most days from two weeks before week 1 until today (or until the program stopped).</summary>
    private static void WriteDiary(Guid patientId, ProgramSchedule schedule, DateTimeOffset? withdrawnAt, DateOnly today, TimeZoneInfo zone,
        Random random, PatientRows rows)
    {
        var last = withdrawnAt is { } stopped ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(stopped, zone).DateTime) : today.AddDays(-1);
        var heavy = random.NextDouble() < 0.1;
        for (var day = schedule.Sessions[0].LocalDate.AddDays(-14); day <= last; day = day.AddDays(1))
        {
            if (random.NextDouble() > DiaryKeptShare)
                continue;
            var entry = new DiaryEntry(patientId, day);
            entry.Record(DemoAnswers.DiaryDay(random, heavy), SessionSchedule.ToInstant(day, new TimeOnly(21, 0), zone));
            rows.Diary.Add(entry);
        }
    }

    private static void WriteConversation(Guid patientId, string therapistId, string patientUserId, PatientStory story, Random random, PatientRows rows)
    {
        var first = rows.Enrolments[^1].CreatedAt.AddDays(2);
        var welcome = new Message(patientId, therapistId, fromPatient: false, "Welcome to the program. I am here if you have any questions along the way.", first);
        welcome.MarkRead(first.AddHours(5));
        var question = new Message(patientId, patientUserId, fromPatient: true, "Thank you. Is it all right to do the relaxation exercise in the evening?", first.AddDays(1));
        question.MarkRead(first.AddDays(1).AddHours(3));
        var answer = new Message(patientId, therapistId, fromPatient: false, "Yes, evenings are a good time. Notice how you feel afterwards.", first.AddDays(1).AddHours(3));
        answer.MarkRead(first.AddDays(2));
        rows.Messages.AddRange([welcome, question, answer]);
        if (story.UnreadMessage)
            rows.Messages.Add(new Message(patientId, patientUserId, fromPatient: true, "A question about this week's worksheet.", first.AddDays(random.Next(3, 9))));
    }

    private static Dictionary<string, string> WorksheetAnswers(StepDefinition step, Random random)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in step.Fields)
        {
            values[field.Id] = field.Type switch
            {
                FieldTypes.Scale or FieldTypes.Number => random.Next(field.Min ?? 0, (field.Max ?? 10) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                FieldTypes.Choice when field.Options.Count > 0 => field.Options[random.Next(field.Options.Count)],
                _ => "I noticed my shoulders were tight after a long day, and a short walk helped.",
            };
        }
        foreach (var question in step.Questions)
            values[question.Id] = random.Next(question.Options.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }
}
