using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
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
        // A note and a schedule change with their staff member's name, which the timeline looks up by id.
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        db.ClinicalNotes.Add(new ClinicalNote(patientIds[0], therapistId, "Talked through the week's plan", DateTimeOffset.UtcNow));
        db.AuditEntries.Add(new CbtProgram.Web.Domain.Audit.AuditEntry(therapistId, patientIds[0], PatientTimeline.ScheduleActions[0], "to Tuesdays at 18:00", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        var (compared, alertsCompared, namedChanges, namedNotes) = (0, 0, 0, 0);
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
            var changedBy = await (from e in db.AuditEntries.AsNoTracking()
                                   where e.PatientId == patientId && PatientTimeline.ScheduleActions.Contains(e.Action)
                                   from actor in db.Users.Where(u => u.Id == e.ActorId).DefaultIfEmpty()
                                   select new { e.At, e.Action, Name = actor == null ? null : actor.DisplayName }).ToListAsync();
            Assert.Equal(changedBy.OrderBy(c => c.At).Select(c => (c.At, (string?)c.Action, (string?)c.Name)),
                read.OtherEvents.Where(e => e.Kind == TimelineKind.Schedule).OrderBy(e => e.At).Select(e => (e.At, e.Action, e.Name)));
            namedChanges += changedBy.Count(c => c.Name is not null);
            var notedBy = await (from n in db.ClinicalNotes.AsNoTracking()
                                 where n.PatientId == patientId
                                 join author in db.Users on n.AuthorId equals author.Id
                                 orderby n.WrittenAt
                                 select author.DisplayName).ToListAsync();
            Assert.Equal(notedBy, read.OtherEvents.Where(e => e.Kind == TimelineKind.Note).OrderBy(e => e.At).Select(e => e.Name));
            namedNotes += notedBy.Count;
            var alerts = await db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).ToListAsync();
            Assert.Equal(alerts.Select(a => EntityValues.Of(db, a)), read.Alerts.Select(a => EntityValues.Of(db, a)));
            alertsCompared += alerts.Count;
            compared += read.Diary.Count + read.Responses.Count + read.OtherEvents.Count;
        }
        Assert.True(compared > 500, $"only {compared} rows compared: the demo caseload should hold far more");
        Assert.Equal((1, 1), (namedChanges, namedNotes));
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

    [Fact]
    public async Task TheTimelinesStatement_RunsOnOneGenericPlan_NotPlannedAgainOnEachView()
    {
        // The timeline's four-part UNION took PostgreSQL about 0.5 ms to plan on every view against 0.2 ms to run (its
        // generic plan's estimate looked dearer, so each execution was planned for its parameters): a quarter of the
        // record page's database time under the load benchmark. Prepared statements and their plan counts belong to a
        // connection, so the views and the count share one.
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientId = await db.Messages.Select(m => m.PatientId).FirstAsync();
        await db.Database.OpenConnectionAsync();

        for (var view = 0; view < 12; view++)
            await RecordReads.ReadAsync(db, patientId);

        await using var count = db.Database.GetDbConnection().CreateCommand();
        count.CommandText = """
            SELECT generic_plans, custom_plans, current_setting('plan_cache_mode') FROM pg_prepared_statements
            WHERE statement LIKE '%clinical_notes%' AND statement LIKE '%UNION ALL%'
            """;
        var plans = new List<(long Generic, long Custom, string Mode)>();
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plans.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }
        var timeline = Assert.Single(plans);
        Assert.Equal(0, timeline.Custom);
        Assert.True(timeline.Generic >= 5, $"the timeline ran {timeline.Generic} times on its generic plan");
        Assert.Equal("auto", timeline.Mode); // the connection is handed back as it was
    }
}
