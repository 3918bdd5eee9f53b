using System.Globalization;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>
/// The daily headache-and-mood diary: today's entry first, the last 7 days to add or correct, and a gentle word when
/// the last 28 days show headache medicine often enough to raise the medication-overuse flag.
/// </summary>
[Route("patient/diary")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class DiaryController(DiaryBook diary, TimeProvider clock) : PatientControllerBase
{
    [HttpGet("")]
    public IActionResult Today() => Redirect($"/patient/diary/{State.Today(clock.GetUtcNow()):yyyy-MM-dd}");

    [HttpGet("{date}")]
    public async Task<IActionResult> Day(string date)
    {
        if (!TryParse(date, out var day))
            return NotFound();
        var recent = await diary.RecentAsync(State);
        var entry = recent.FirstOrDefault(e => e.Date == day);
        var form = entry is null ? new DiaryForm { Mood = null } : DiaryForm.From(entry);
        return View("Day", await ViewModelAsync(day, form, DiaryRules.CheckDate(day, State.Today(clock.GetUtcNow())), recent));
    }

    [HttpPost("{date}")]
    [EnableRateLimiting(RateLimitPolicies.PatientEntries)]
    public async Task<IActionResult> Save(string date, DiaryForm form)
    {
        if (!TryParse(date, out var day))
            return NotFound();
        var problems = DiaryForm.ReadingProblems(form, ModelState) ?? await diary.RecordAsync(State, day, form.ToDay());
        if (problems.Count == 0)
        {
            TempData["Notice"] = $"Saved your diary for {Describe(day)}.";
            return Redirect($"/patient/diary/{date}");
        }
        foreach (var (field, message) in problems)
            ModelState.AddModelError(field, message);
        var recent = await diary.RecentAsync(State);
        return View("Day", await ViewModelAsync(day, form, problems.GetValueOrDefault("Date"), recent));
    }

    private Task<DiaryDayViewModel> ViewModelAsync(DateOnly day, DiaryForm form, string? dateProblem, IReadOnlyList<DiaryEntry> recent)
    {
        var today = State.Today(clock.GetUtcNow());
        var days = Enumerable.Range(0, DiaryRules.DaysBackEditable + 1).Select(i => today.AddDays(-i))
            .Select(d => new DiaryDayLink(d, Describe(d), recent.FirstOrDefault(e => e.Date == d))).ToList();
        return Task.FromResult(new DiaryDayViewModel(day, Describe(day), form, dateProblem, days, DiaryBook.Medication(recent, today)));
    }

    private string Describe(DateOnly day)
    {
        var today = State.Today(clock.GetUtcNow());
        return day == today ? "today" : day == today.AddDays(-1) ? "yesterday" : day.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
    }

    private static bool TryParse(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}

public sealed class DiaryForm
{
    public bool HadHeadache { get; set; }
    public int? PeakIntensity { get; set; }
    public decimal? HeadacheHours { get; set; }
    public bool TookAcuteMedication { get; set; }
    public string? Medication { get; set; }
    /// <summary>The ticked kinds, by name (<see cref="AcuteMedicineKinds"/>).</summary>
    public List<string?> MedicineKinds { get; set; } = [];
    public int? MedicineDoses { get; set; }
    public string? Triggers { get; set; }
    public int? Mood { get; set; }
    public decimal? SleepHours { get; set; }
    public int? RelaxationMinutes { get; set; }
    public bool? Aura { get; set; }
    /// <summary>Yes, no, or null for "prefer not to say".</summary>
    public bool? MenstrualDay { get; set; }
    public string? Note { get; set; }

    /// <summary>A name not on the list becomes a kind the rules refuse, so it is reported, never dropped.</summary>
    private const AcuteMedicineKinds NotOnTheList = (AcuteMedicineKinds)(1 << 30);

    public DiaryDay ToDay() => new(HadHeadache, PeakIntensity, HeadacheHours, TookAcuteMedication, Medication, Triggers, Mood ?? -1, SleepHours)
    {
        MedicineKinds = MedicineKinds.OfType<string>().Where(name => name.Length > 0).Aggregate(AcuteMedicineKinds.None, (kinds, name) => kinds | KindNamed(name)),
        MedicineDoses = MedicineDoses,
        RelaxationMinutes = RelaxationMinutes,
        Aura = Aura,
        MenstrualDay = MenstrualDay,
        Note = Note,
    };

    private static AcuteMedicineKinds KindNamed(string name) =>
        AcuteMedicineKindNames.Offered.Select(o => o.Kind).FirstOrDefault(k => k.ToString() == name) is var kind && kind != AcuteMedicineKinds.None ? kind : NotOnTheList;

    public static DiaryForm From(DiaryEntry e) => new()
    {
        HadHeadache = e.HadHeadache, PeakIntensity = e.PeakIntensity, HeadacheHours = e.HeadacheHours, TookAcuteMedication = e.TookAcuteMedication,
        Medication = e.Medication, Triggers = e.Triggers, Mood = e.Mood, SleepHours = e.SleepHours,
        MedicineKinds = AcuteMedicineKindNames.Offered.Where(o => e.MedicineKinds.HasFlag(o.Kind)).Select(o => (string?)o.Kind.ToString()).ToList(),
        MedicineDoses = e.MedicineDoses, RelaxationMinutes = e.RelaxationMinutes, Aura = e.Aura, MenstrualDay = e.MenstrualDay, Note = e.Note,
    };

    /// <summary>Problems with answers that could not be read, or no mood chosen; null when the form can go to the rules.</summary>
    public static IReadOnlyDictionary<string, string>? ReadingProblems(DiaryForm form, ModelStateDictionary modelState) =>
        !modelState.IsValid ? modelState.Where(e => e.Value!.Errors.Count > 0).ToDictionary(e => e.Key, e => UnreadableMessage(e.Key))
        : form.Mood is null ? new Dictionary<string, string> { ["Mood"] = "Choose your mood from 0 to 10." }
        : null;

    /// <summary>What to say when a value could not even be read (letters in a number box, a made-up answer).</summary>
    public static string UnreadableMessage(string field) => field switch
    {
        nameof(MedicineDoses) => "Write how many tablets or doses you took as a whole number, like 2.",
        nameof(RelaxationMinutes) => "Write your minutes of relaxation practice as a whole number, like 15.",
        nameof(Aura) or nameof(MenstrualDay) or nameof(HadHeadache) or nameof(TookAcuteMedication) => "Choose one of the answers.",
        _ => "Please enter a number here.",
    };
}

public sealed record DiaryDayLink(DateOnly Date, string Label, DiaryEntry? Entry);
public sealed record DiaryDayViewModel(
    DateOnly Date, string Label, DiaryForm Form, string? DateProblem, IReadOnlyList<DiaryDayLink> Days, MedicationOveruseAssessment Medication);
