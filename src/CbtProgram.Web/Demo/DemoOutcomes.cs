using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Demo;

/// <summary>
/// The extra answers of a demo patient whose outcome table is full (DemoStory.FullOutcomes): mid (week 6), post (the end
/// of week 12) and follow-up questionnaires, easing as the program goes on, and calmer diary days late in the program.
/// Synthetic, from the story's fixed seed.
/// </summary>
internal static class DemoOutcomes
{
    private static readonly string[] MidMeasures = ["gad-7", "who-5"]; // the week-6 PHQ-9 check-in counts for mid
    private static readonly string[] AllMeasures = ["phq-9", "gad-7", "who-5", "midas"];

    public static void AddMidAndPost(AppDbContext db, Guid patientId, IReadOnlyList<MeasureDefinition> measures, List<ScheduledEvent> sessions, Random random)
    {
        var week6 = sessions.Single(s => s.Week == 6).DueAt;
        var week12 = sessions.MaxBy(s => s.Week)!;
        Add(db, patientId, measures, MidMeasures, AssessmentPoints.Mid, 6, week6.AddHours(4), random, ease: 6);
        Add(db, patientId, measures, AllMeasures, AssessmentPoints.Post, week12.Week ?? 12, week12.DueAt.AddDays(7).AddHours(2), random, ease: 10);
    }

    /// <summary>The follow-up questionnaires besides the PHQ-9 (which every follow-up story answers).</summary>
    public static void AddFollowUp(AppDbContext db, Guid patientId, IReadOnlyList<MeasureDefinition> measures, DateTimeOffset at, Random random) =>
        Add(db, patientId, measures, AllMeasures.Where(m => m != "phq-9"), AssessmentPoints.FollowUp, 0, at, random, ease: 12);

    /// <summary>Most headache days late in the program become headache-free days (same mood and sleep).</summary>
    public static DiaryDay Calmer(DiaryDay day, Random random) =>
        day.HadHeadache && random.NextDouble() < 0.7
            ? new DiaryDay(false, null, null, false, null, null, day.Mood, day.SleepHours) { RelaxationMinutes = 15 }
            : day;

    private static void Add(AppDbContext db, Guid patientId, IReadOnlyList<MeasureDefinition> measures, IEnumerable<string> ids, string point, int week,
        DateTimeOffset at, Random random, int ease)
    {
        foreach (var id in ids)
        {
            if (measures.FirstOrDefault(m => m.Id == id) is { Enabled: true } measure)
                db.MeasureResponses.Add(DemoAnswers.For(patientId, measure, point, week, at, random, ease));
        }
    }
}
