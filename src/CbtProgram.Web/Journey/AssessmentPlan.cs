using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>Which questionnaires each assessment point asks for (program.yaml), and which a patient has still to answer.</summary>
public sealed class AssessmentPlan(AppDbContext db, ProgramCatalog program)
{
    /// <summary>The enabled measures of a point, in the program's order.</summary>
    public async Task<IReadOnlyList<MeasureDefinition>> MeasuresAsync(string point)
    {
        var (definition, measures) = await program.GetAsync();
        var ids = definition.AssessmentPoints.FirstOrDefault(p => p.Id == point)?.Measures ?? [];
        return ids.Select(id => measures.FirstOrDefault(m => m.Id == id)).OfType<MeasureDefinition>().Where(m => m.Enabled).ToList();
    }

    public async Task<IReadOnlyList<MeasureDefinition>> MissingAsync(Guid patientId, string point, int week)
    {
        string[] family = await FamilyAsync(point);
        var answered = await db.MeasureResponses
            .Where(r => r.PatientId == patientId && r.Week == week && family.Contains(r.Point))
            .Select(r => r.MeasureId)
            .ToListAsync();
        return (await MeasuresAsync(point)).Where(m => !answered.Contains(m.Id)).ToList();
    }

    /// <summary>The same as <see cref="MissingAsync(Guid, string, int)"/>, from the answers read with the patient's state at the start of the request.</summary>
    public async Task<IReadOnlyList<MeasureDefinition>> MissingAsync(PatientState state, string point, int week)
    {
        string[] family = await FamilyAsync(point);
        return (await MeasuresAsync(point)).Where(m => !family.Any(p => state.Answered.Contains(new(p, week, m.Id)))).ToList();
    }

    /// <summary>The week a point's answers are stored under: its week (mid 6), the week it follows (post 12), else 0 (baseline, follow-up).</summary>
    public async Task<int> WeekOfPointAsync(string point) =>
        (await program.GetAsync()).Program.AssessmentPoints.FirstOrDefault(p => p.Id == point)?.StoredWeek() ?? 0;

    /// <summary>
    /// The points whose answers count for each other within one week: the weekly check-in and mid when mid shares the
    /// check-in (<see cref="Curriculum.Definitions.AssessmentPoint.SharedCheckInWeek"/>); a mid PHQ-9 answered first is that
    /// week's check-in too. Post stands alone.
    /// </summary>
    private async Task<string[]> FamilyAsync(string point)
    {
        if (point is not (AssessmentPoints.Weekly or AssessmentPoints.Mid))
            return [point];
        var mid = (await program.GetAsync()).Program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Mid);
        return mid?.SharedCheckInWeek() is not null ? [AssessmentPoints.Weekly, AssessmentPoints.Mid] : [point];
    }

    /// <summary>
    /// The assessment points due now besides the weekly check-in: baseline, mid (week 6), post (after week 12), follow-up;
    /// from the answers in <paramref name="state"/>, so call it before anything is submitted in the request. Mid and post
    /// are due from their window's opening until it closes (their scheduled events); an enrolment made before they had
    /// windows has them due from their week, with no closing.
    /// </summary>
    public async Task<IReadOnlyList<DueAssessment>> DueAsync(PatientState state, DateTimeOffset now)
    {
        var due = new List<DueAssessment>();
        var (definition, _) = await program.GetAsync();
        foreach (var point in definition.AssessmentPoints.Where(p => p.StoredWeek() is not null))
        {
            var week = point.StoredWeek()!.Value;
            var window = Window(state, point.Id);
            var open = window is { } w ? w.Opens.IsDue(now) && !(w.Closes?.IsDue(now) ?? false)
                : point.Week is not null ? state.CurrentWeek(now) >= week
                : state.Session(week) is { } anchor && anchor.LocalIntent.AddDays(7).ToInstant(state.Enrolment!.Zone) <= now;
            if (open && (await MissingAsync(state, point.Id, week)).Count > 0)
                due.Add(new DueAssessment(point.Id, week, window?.Closes is { } closes ? state.Local(closes.DueAt) : null));
        }
        if (state.FollowUp is { } followUp && followUp.IsDue(now))
        {
            var days = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp)?.WindowDays ?? 14;
            var closes = followUp.DueAt.AddDays(days);
            if (now < closes && (await MissingAsync(state, AssessmentPoints.FollowUp, 0)).Count > 0)
                due.Add(new DueAssessment(AssessmentPoints.FollowUp, 0, state.Local(closes)));
        }
        return due;
    }

    /// <summary>When a point's window closed with questionnaires unanswered (they can no longer be answered), or null.</summary>
    public async Task<DateTimeOffset?> ClosedUnansweredAsync(PatientState state, string point, DateTimeOffset now)
    {
        if (Window(state, point) is not { Closes: { } closes } || !closes.IsDue(now))
            return null;
        return (await MissingAsync(state, point, await WeekOfPointAsync(point))).Count > 0 ? state.Local(closes.DueAt) : null;
    }

    /// <summary>A mid or post window's opening and closing events in the patient's schedule, if it has them.</summary>
    private static (Domain.Scheduling.ScheduledEvent Opens, Domain.Scheduling.ScheduledEvent? Closes)? Window(PatientState state, string point)
    {
        if (Domain.Scheduling.AssessmentWindows.KindsOf(point) is not { } kinds || state.Milestones.FirstOrDefault(e => e.Kind == kinds.Opens) is not { } opens)
            return null;
        return (opens, state.Milestones.FirstOrDefault(e => e.Kind == kinds.Closes));
    }
}

public sealed record DueAssessment(string Point, int Week, DateTimeOffset? ClosesAt)
{
    public string Title => Point switch
    {
        AssessmentPoints.Baseline => "Your starting questionnaires",
        AssessmentPoints.Mid => "Your halfway questionnaires",
        AssessmentPoints.Post => "Your end-of-program questionnaires",
        AssessmentPoints.FollowUp => "Your four-month follow-up",
        _ => "Questionnaires",
    };
}
