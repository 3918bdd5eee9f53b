using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>
/// The record Overview's one-round-trip read (<see cref="RecordReads"/>) gives exactly what plain EF queries give, for
/// every patient of the demo caseload (every stage: not started, baseline, mid-way, paused, withdrawn, finished,
/// follow-up, with alerts, messages, notes and moved sessions), in the same order, so the page shows the same.
/// </summary>
public sealed class RecordReadsTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Demo:Caseload", "true");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task OneRoundTrip_ReadsWhatEfReads_ForEveryDemoPatient()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientIds = await db.Patients.Select(p => p.Id).ToListAsync();
        Assert.True(patientIds.Count >= 14);
        var (compared, alertsCompared) = (0, 0);
        foreach (var patientId in patientIds)
        {
            var read = await RecordReads.ReadAsync(db, patientId);

            var enrolment = await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.PatientId == patientId);
            Assert.Equal(enrolment is null ? null : new RecordReads.EnrolmentLine(enrolment.Status, enrolment.Weekday, enrolment.LocalTime, enrolment.TimeZoneId,
                enrolment.DiaryReminderTime, enrolment.CreatedAt), read.Enrolment);
            var sessions = enrolment is null ? [] : await db.ScheduledEvents.AsNoTracking()
                .Where(s => s.EnrolmentId == enrolment.Id && s.Kind == ScheduledEventKind.SessionOpens).OrderBy(s => s.Id)
                .Select(s => new RecordReads.SessionLine(s.Week, s.LocalDate, s.DueAt, s.Status)).ToListAsync();
            Assert.Equal(sessions, read.Sessions);
            Assert.Equal(await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == patientId).OrderBy(r => r.MeasureId).ThenBy(r => r.Point).ThenBy(r => r.Week)
                .Select(r => new ProgressReport.Response(r.MeasureId, r.Point, r.Week, r.Score, r.Band, r.SubmittedAt)).ToListAsync(), read.Responses);
            Assert.Equal(await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == patientId).OrderBy(d => d.Date).Select(DiaryDaySummary.FromEntry).ToListAsync(),
                read.Diary);
            Assert.Equal(await db.PatientModules.AsNoTracking().Where(m => m.PatientId == patientId).OrderBy(m => m.Week)
                .Select(m => new ProgressReport.ModuleDone(m.Week, m.OpenedAt, m.CompletedAt)).ToListAsync(), read.Modules);
            var worksheets = await db.StepAnswers.CountAsync(a => db.PatientModules.Any(m => m.Id == a.PatientModuleId && m.PatientId == patientId));
            var messages = await db.Messages.CountAsync(m => m.PatientId == patientId);
            var notes = await db.ClinicalNotes.CountAsync(n => n.PatientId == patientId);
            var changes = await db.AuditEntries.CountAsync(e => e.PatientId == patientId && PatientTimeline.ScheduleActions.Contains(e.Action));
            Assert.Equal(new[] { worksheets, messages, notes, changes }, new[] { TimelineKind.Worksheet, TimelineKind.Message, TimelineKind.Note, TimelineKind.Schedule }
                .Select(kind => read.OtherEvents.Count(e => e.Kind == kind)));
            var alerts = await db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).ToListAsync();
            Assert.Equal(alerts.Select(a => EntityValues.Of(db, a)), read.Alerts.Select(a => EntityValues.Of(db, a)));
            alertsCompared += alerts.Count;
            compared += read.Diary.Count + read.Responses.Count + read.OtherEvents.Count;
        }
        Assert.True(compared > 500, $"only {compared} rows compared: the demo caseload should hold far more");
        Assert.True(alertsCompared >= 3, $"only {alertsCompared} risk alerts compared: the demo caseload holds three, acknowledged and not");
    }

    [Fact]
    public async Task ATherapistsBanner_ReadInTheBatch_IsWhatEfReads()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var patientId = await db.Patients.Where(p => p.AssignedTherapistId == therapistId).Select(p => p.Id).FirstAsync();

        var read = await RecordReads.ReadAsync(db, patientId, therapistId);

        var expected = (await (from alert in db.RiskAlerts.AsNoTracking()
                               join patient in db.Patients on alert.PatientId equals patient.Id
                               join user in db.Users on patient.UserId equals user.Id
                               where alert.ResolvedAt == null && patient.AssignedTherapistId == therapistId
                               select new OpenAlert(alert.Id, patient.Id, user.DisplayName, alert.RaisedAt, alert.AcknowledgedAt != null)).ToListAsync())
            .OrderBy(a => a.Acknowledged).ThenBy(a => a.RaisedAt).ToList();
        Assert.True(expected.Count >= 2 && expected.Any(a => a.Acknowledged) && expected.Any(a => !a.Acknowledged),
            $"the demo caseload should hold acknowledged and unacknowledged open alerts; it has {expected.Count}");
        Assert.Equal(expected, read.Banner);
        Assert.Null((await RecordReads.ReadAsync(db, patientId)).Banner);
    }
}
