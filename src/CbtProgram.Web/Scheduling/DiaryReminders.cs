using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Notifications.Push;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// The daily diary reminder. Not a row per day: a recurring job finds the patients whose own local reminder time has
/// passed today and who have not been reminded today, marks them reminded and queues an email in one transaction.
/// Patients who already wrote today's entry are marked but not emailed. Two nodes running it at once remind each
/// patient once: the update locks each enrolment and re-checks its last reminder date.
/// </summary>
public sealed class DiaryReminders(AppDbContext db, Outbox outbox, PatientReminders reminders, ProgramCatalog program, MailOptions mail, TimeProvider clock)
{
    public const string Subject = "A minute for your diary";
    public const string PushText = "A minute for today's diary?";

    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var (definition, _) = await program.GetAsync();
        var followUpDiaryDays = 7 * (definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp)?.DiaryWeeksBefore ?? 4);
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The per-enrolment subqueries make PostgreSQL's cost estimate pass its JIT threshold with a few hundred running
        // programs: it then spent about 100 ms compiling a 20 ms statement, every minute (tests/CbtProgram.Benchmarks, jobs).
        await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        // Reminders run from enrolment until a week after the last session opens, and again over the weeks before the
        // follow-up until it closes: the times the program asks for a diary.
        var due = await db.Database.SqlQuery<DueReminder>($"""
            UPDATE enrolments AS e
            SET "DiaryRemindedOn" = ({now} AT TIME ZONE e."TimeZoneId")::date
            WHERE e."Status" = {(int)EnrolmentStatus.Active}
              AND e."DiaryReminderTime" IS NOT NULL
              AND ({now} AT TIME ZONE e."TimeZoneId")::time >= e."DiaryReminderTime"
              AND (e."DiaryRemindedOn" IS NULL OR e."DiaryRemindedOn" < ({now} AT TIME ZONE e."TimeZoneId")::date)
              AND (
                {now} <= (SELECT max(s."DueAt") + interval '7 days' FROM scheduled_events s
                          WHERE s."EnrolmentId" = e."Id" AND s."Kind" = {(int)ScheduledEventKind.SessionOpens} AND s."Status" <> {(int)ScheduledEventStatus.Cancelled})
                -- Asked as a value (LIMIT 1), not EXISTS: PostgreSQL turned the EXISTS into a join with every follow-up
                -- event of the clinic, two sequential reads of scheduled_events a minute at 2,000 patients.
                OR COALESCE((SELECT true FROM scheduled_events opens JOIN scheduled_events closes
                             ON closes."EnrolmentId" = opens."EnrolmentId" AND closes."Kind" = {(int)ScheduledEventKind.FollowUpCloses}
                           WHERE opens."EnrolmentId" = e."Id" AND opens."Kind" = {(int)ScheduledEventKind.FollowUpOpens}
                             AND {now} >= opens."DueAt" - make_interval(days => {followUpDiaryDays}) AND {now} <= closes."DueAt"
                           LIMIT 1), false))
            RETURNING e."Id" AS "EnrolmentId", e."PatientId" AS "PatientId", e."DiaryRemindedOn" AS "LocalDate",
              EXISTS (SELECT 1 FROM diary_entries d WHERE d."PatientId" = e."PatientId" AND d."Date" = e."DiaryRemindedOn") AS "AlreadyWritten"
            """).ToListAsync(cancellationToken);

        var sent = 0;
        var waiting = due.Where(r => !r.AlreadyWritten).ToList();
        var audience = await reminders.AudienceAsync(waiting.Select(r => r.PatientId).ToList(), cancellationToken);
        foreach (var reminder in waiting)
        {
            if (audience.GetValueOrDefault(reminder.PatientId) is not { } patient)
                continue;
            var key = $"diary-reminder:{reminder.EnrolmentId}:{reminder.LocalDate:yyyy-MM-dd}";
            if (await reminders.QueueAsync(patient, new Reminder(ReminderKinds.Diary, key, Subject,
                $"""
                Filling in today's diary takes about a minute: whether you had a headache, your mood and your sleep.

                {mail.Link("/patient/diary")}

                You can change the time of this reminder, or turn it off, on your schedule page: {mail.Link("/patient/schedule")}
                """, PushText, "/patient/diary") { EmailKey = key }) is not null)
                sent++;
        }
        await transaction.CommitAsync(cancellationToken);
        if (sent > 0)
            outbox.TriggerDelivery();
        return sent;
    }

    private sealed record DueReminder(Guid EnrolmentId, Guid PatientId, DateOnly LocalDate, bool AlreadyWritten);
}
