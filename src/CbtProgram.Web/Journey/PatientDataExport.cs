using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>Everything the service holds about a patient, for them to download: one JSON file, or CSV files in a zip.</summary>
public sealed class PatientDataExport(AppDbContext db, Curriculum.Publishing.ProgramCatalog program, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public async Task<object> CollectAsync(PatientState state)
    {
        var id = state.Patient.Id;
        var user = await db.Users.Where(u => u.Id == state.Patient.UserId).Select(u => new { u.DisplayName, u.Email }).SingleAsync();
        var therapist = await db.Users.Where(u => u.Id == state.Patient.AssignedTherapistId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync();
        var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == id).OrderBy(m => m.Week).ToListAsync();
        var moduleIds = modules.Select(m => m.Id).ToList();
        var measures = (await program.GetAsync()).Measures;
        // The whole schedule, reminders and nudges included (the patient pages' state holds only its milestones).
        List<Domain.Scheduling.ScheduledEvent> schedule = state.Enrolment is { } enrolled
            ? await db.ScheduledEvents.AsNoTracking().Where(x => x.EnrolmentId == enrolled.Id).OrderBy(x => x.DueAt).ToListAsync()
            : [];
        return new
        {
            exportedAt = clock.GetUtcNow(),
            you = new { user.DisplayName, user.Email, joined = state.Patient.CreatedAt, state.Patient.ConsentVersion, state.Patient.ConsentedAt },
            therapist,
            enrolment = state.Enrolment is { } e ? new { e.TimeZoneId, sessionDay = e.Weekday.ToString(), sessionTime = e.LocalTime, e.StartDate, status = e.Status.ToString() } : null,
            schedule = schedule.Select(x => new { kind = x.Kind.ToString(), x.Week, x.DueAt }),
            questionnaires = (await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == id).OrderBy(r => r.SubmittedAt).ToListAsync())
                .Select(r => new { r.MeasureId, r.Point, r.Week, r.Answers, answersByQuestion = ByQuestion(measures, r.MeasureId, r.Answers), r.Score, r.Band, r.SubmittedAt }),
            diary = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == id).OrderBy(d => d.Date).ToListAsync(),
            modules = modules.Select(m => new { m.Week, m.OpenedAt, m.CompletedAt, m.CurrentStepId }),
            answers = (await db.StepAnswers.AsNoTracking().Where(a => moduleIds.Contains(a.PatientModuleId)).ToListAsync())
                .Select(a => new { week = modules.First(m => m.Id == a.PatientModuleId).Week, a.StepId, a.Values, a.SavedAt }),
            alerts = await db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == id)
                .Select(a => new { a.RaisedAt, a.Reasons, a.AcknowledgedAt, a.ResolvedAt }).ToListAsync(),
            messages = await db.Messages.AsNoTracking().Where(m => m.PatientId == id).OrderBy(m => m.SentAt)
                .Select(m => new { from = m.FromPatient ? "you" : "your care team", m.Text, m.SentAt, m.ReadAt }).ToListAsync(),
        };
    }

    public async Task<byte[]> JsonAsync(PatientState state) => JsonSerializer.SerializeToUtf8Bytes(await CollectAsync(state), Json);

    public async Task<byte[]> CsvZipAsync(PatientState state)
    {
        var id = state.Patient.Id;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var diary = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == id).OrderBy(d => d.Date).ToListAsync();
            Add(zip, "diary.csv",
                ["date", "headache", "peak_intensity", "headache_hours", "acute_medication", "medication", "medicine_kinds", "medicine_doses", "triggers", "mood",
                 "sleep_hours", "relaxation_minutes", "aura", "menstrual_day", "note"],
                diary.Select(d => new object?[]
                {
                    d.Date, d.HadHeadache, d.PeakIntensity, d.HeadacheHours, d.TookAcuteMedication, d.Medication,
                    d.TookAcuteMedication ? AcuteMedicineKindNames.Describe(d.MedicineKinds) : null, d.MedicineDoses, d.Triggers, d.Mood,
                    d.SleepHours, d.RelaxationMinutes, d.Aura, d.MenstrualDay, d.Note,
                }));
            var responses = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == id).OrderBy(r => r.SubmittedAt).ToListAsync();
            var measures = (await program.GetAsync()).Measures;
            Add(zip, "questionnaires.csv", ["submitted_at", "questionnaire", "point", "week", "score", "band", "answers", "answers_by_question"],
                responses.Select(r => new object?[] { r.SubmittedAt, r.MeasureId, r.Point, r.Week, r.Score, r.Band, string.Join(' ', r.Answers),
                    string.Join(' ', ByQuestion(measures, r.MeasureId, r.Answers).Select(a => $"{a.Key}={a.Value}")) }));
            var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == id).OrderBy(m => m.Week).ToListAsync();
            Add(zip, "modules.csv", ["week", "opened_at", "completed_at"], modules.Select(m => new object?[] { m.Week, m.OpenedAt, m.CompletedAt }));
            var moduleWeeks = modules.ToDictionary(m => m.Id, m => m.Week);
            var answers = await db.StepAnswers.AsNoTracking().Where(a => moduleWeeks.Keys.Contains(a.PatientModuleId)).ToListAsync();
            Add(zip, "worksheets.csv", ["week", "step", "field", "answer", "saved_at"],
                answers.SelectMany(a => a.Values.Select(v => new object?[] { moduleWeeks[a.PatientModuleId], a.StepId, v.Key, v.Value, a.SavedAt })));
            var messages = await db.Messages.AsNoTracking().Where(m => m.PatientId == id).OrderBy(m => m.SentAt).ToListAsync();
            Add(zip, "messages.csv", ["sent_at", "from", "text"], messages.Select(m => new object?[] { m.SentAt, m.FromPatient ? "you" : "your care team", m.Text }));
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Each answer under its question's name ("1" ... "5", "A", "B" for MIDAS; unscored questions marked "(not scored)"),
    /// in the questionnaire's order; by position when the measure is no longer known.
    /// </summary>
    private static Dictionary<string, int> ByQuestion(IReadOnlyList<Curriculum.Definitions.MeasureDefinition> measures, string measureId, int[] answers)
    {
        var items = measures.FirstOrDefault(m => m.Id == measureId)?.Items;
        return answers.Select((answer, i) => (Name: items is not null && i < items.Count
                ? items[i].Name + (items[i].Scored ? "" : " (not scored)")
                : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), answer))
            .ToDictionary(a => a.Name, a => a.answer);
    }

    private static void Add(ZipArchive zip, string name, string[] header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder().AppendJoin(',', header).Append("\r\n");
        foreach (var row in rows)
            text.AppendJoin(',', row.Select(Security.CsvCells.Cell)).Append("\r\n");
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
