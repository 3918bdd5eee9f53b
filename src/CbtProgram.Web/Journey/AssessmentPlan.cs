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
        string[] family = Family(point);
        var answered = await db.MeasureResponses
            .Where(r => r.PatientId == patientId && r.Week == week && family.Contains(r.Point))
            .Select(r => r.MeasureId)
            .ToListAsync();
        return (await MeasuresAsync(point)).Where(m => !answered.Contains(m.Id)).ToList();
    }

    /// <summary>The same as <see cref="MissingAsync(Guid, string, int)"/>, from the answers read with the patient's state at the start of the request.</summary>
    public async Task<IReadOnlyList<MeasureDefinition>> MissingAsync(PatientState state, string point, int week)
    {
        string[] family = Family(point);
        return (await MeasuresAsync(point)).Where(m => !family.Any(p => state.Answered.Contains(new(p, week, m.Id)))).ToList();
    }

    /// <summary>In one week the weekly check-in, mid and post share answers: a PHQ-9 given once counts for all three.</summary>
    private static string[] Family(string point) =>
        point is AssessmentPoints.Weekly or AssessmentPoints.Mid or AssessmentPoints.Post
            ? [AssessmentPoints.Weekly, AssessmentPoints.Mid, AssessmentPoints.Post]
            : [point];

    /// <summary>
    /// The assessment points due now besides the weekly check-in: baseline, mid (week 6), post (week 12), follow-up;
    /// from the answers in <paramref name="state"/>, so call it before anything is submitted in the request.
    /// </summary>
    public async Task<IReadOnlyList<DueAssessment>> DueAsync(PatientState state, DateTimeOffset now)
    {
        var due = new List<DueAssessment>();
        var (definition, _) = await program.GetAsync();
        var week = state.CurrentWeek(now);
        foreach (var point in definition.AssessmentPoints.Where(p => p.Week is { } w && week >= w))
        {
            if ((await MissingAsync(state, point.Id, point.Week!.Value)).Count > 0)
                due.Add(new DueAssessment(point.Id, point.Week.Value, null));
        }
        if (state.FollowUp is { } followUp && followUp.IsDue(now))
        {
            var window = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp)?.WindowDays ?? 14;
            var closes = followUp.DueAt.AddDays(window);
            if (now < closes && (await MissingAsync(state, AssessmentPoints.FollowUp, 0)).Count > 0)
                due.Add(new DueAssessment(AssessmentPoints.FollowUp, 0, closes));
        }
        return due;
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
