using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// A patient's own progress: questionnaire scores over time with bands, headache and medication days per 28 days, the
/// medication-overuse rule over the last 28 days, modules done.
/// </summary>
public sealed class ProgressReport(AppDbContext db, ProgramCatalog program, TimeProvider clock)
{
    public sealed record Point(DateOnly Date, string Label, int Score, string? Band);
    public sealed record MeasureSeries(string Id, string Name, string What, int Max, IReadOnlyList<(int Min, int Max, string Label)> Bands, IReadOnlyList<Point> Points);
    public sealed record DiaryWindow(DateOnly From, DateOnly To, int DaysRecorded, int HeadacheDays, int MedicationDays, decimal? MeanPeakIntensity);
    public sealed record ModuleDone(int Week, DateTimeOffset OpenedAt, DateTimeOffset? CompletedAt);
    public sealed record Report(
        IReadOnlyList<MeasureSeries> Measures, IReadOnlyList<DiaryWindow> Diary, IReadOnlyList<ModuleDone> Modules, int Weeks, MedicationOveruseAssessment Medication);

    public const int WindowDays = 28;
    private static readonly string[] Charted = ["phq-9", "gad-7", "who-5"];

    /// <summary>One questionnaire answer as the charts need it.</summary>
    public sealed record Response(string MeasureId, string Point, int Week, int Score, string? Band, DateTimeOffset SubmittedAt);

    public async Task<Report> BuildAsync(PatientState state)
    {
        var (definition, measures) = await program.GetAsync();
        var responses = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == state.Patient.Id)
            .OrderBy(r => r.SubmittedAt).Select(r => new Response(r.MeasureId, r.Point, r.Week, r.Score, r.Band, r.SubmittedAt)).ToListAsync();
        var entries = await db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == state.Patient.Id).Select(DiaryDaySummary.FromEntry).ToListAsync();
        var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == state.Patient.Id).OrderBy(m => m.Week)
            .Select(m => new ModuleDone(m.Week, m.OpenedAt, m.CompletedAt)).ToListAsync();
        return Build(definition.Weeks, measures, responses, entries, modules, state.Today(clock.GetUtcNow()), state.Local);
    }

    /// <summary>The report from data already read (responses oldest first, modules by week), for pages that read it once for several panels.</summary>
    public static Report Build(int weeks, IReadOnlyList<Curriculum.Definitions.MeasureDefinition> measures, IReadOnlyList<Response> responses,
        IReadOnlyList<DiaryDaySummary> diary, IReadOnlyList<ModuleDone> modules, DateOnly today, Func<DateTimeOffset, DateTimeOffset> local)
    {
        var series = Charted.Select(id => measures.FirstOrDefault(m => m.Id == id)).OfType<Curriculum.Definitions.MeasureDefinition>()
            .Select(m => new MeasureSeries(m.Id, m.Name, m.What, m.Scoring.Max, m.Bands.Select(b => (b.Min, b.Max, b.Label)).ToList(),
                responses.Where(r => r.MeasureId == m.Id)
                    .Select(r => new Point(DateOnly.FromDateTime(local(r.SubmittedAt).DateTime), Describe(r.Point, r.Week), r.Score, r.Band))
                    .ToList()))
            .ToList();
        var medication = MedicationOveruse.Assess(diary.Select(d => new MedicineDay(d.Date, d.TookAcuteMedication, d.MedicineKinds)), today);
        return new Report(series, Windows(diary, today), modules, weeks, medication);
    }

    /// <summary>Consecutive 28-day windows ending today, back to the first diary day.</summary>
    public static IReadOnlyList<DiaryWindow> Windows(IReadOnlyList<DiaryDaySummary> entries, DateOnly today)
    {
        if (entries.Count == 0)
            return [];
        var first = entries.Min(e => e.Date);
        var windows = new List<DiaryWindow>();
        for (var to = today; to >= first; to = to.AddDays(-WindowDays))
        {
            var from = to.AddDays(-(WindowDays - 1));
            var inside = entries.Where(e => e.Date >= from && e.Date <= to).ToList();
            var peaks = inside.Where(e => e.PeakIntensity is not null).Select(e => (decimal)e.PeakIntensity!.Value).ToList();
            windows.Add(new DiaryWindow(from, to, inside.Count, inside.Count(e => e.HadHeadache), inside.Count(e => e.TookAcuteMedication),
                peaks.Count == 0 ? null : Math.Round(peaks.Average(), 1)));
        }
        windows.Reverse();
        return windows;
    }

    private static string Describe(string point, int week) => point switch
    {
        "baseline" => "Start",
        "weekly" or "mid" or "post" => $"Week {week}",
        "follow-up" => "Follow-up",
        _ => point,
    };
}
