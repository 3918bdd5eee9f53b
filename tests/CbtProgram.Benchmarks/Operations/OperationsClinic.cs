using CbtProgram.Benchmarks.Running;
using CbtProgram.Benchmarks.Scheduling;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Operations;

/// <summary>What the operations benchmark seeded: rows per table and the problems planted among them.</summary>
public sealed record OperationsRows(long Patients, long Events, long Mail, int Overdue, int Failed, int Delayed, int DeadLetters);

/// <summary>
/// A large clinic as the operations page sees it, written in bulk (binary COPY of the domain's own entities): patients
/// who started over the last 300 days or start within the next 30, each with the schedule the product computes for them
/// (sessions, reminders, nudges, follow-up; past events done, future ones pending, those of the next two days planned),
/// about 20 sent emails each, and a set of problems among them: overdue events, failed events, delayed email and dead
/// letters. A few programs are paused (their past events wait on purpose and are not overdue) or withdrawn.
/// </summary>
public static class OperationsClinic
{
    private const int Chunk = 5_000;
    private const int MailPerPatient = 20;

    public static async Task<OperationsRows> SeedAsync(BenchSite site, int patientCount, int overdue, int failed, int delayed, int deadLetters,
        TextWriter output, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var people = new BenchPeople(site.Services);
        var therapists = await people.AddTherapistsAsync(Math.Clamp(patientCount / 50, 1, 2_000), cancellationToken);
        var (definition, _) = await site.InScopeAsync(services => services.GetRequiredService<ProgramCatalog>().GetAsync());
        var followUp = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp);
        var mix = new ScheduleMix(seed: 14);
        var random = new Random(14);
        // The problems go to patients spread evenly over the clinic, one each.
        int Every(int count) => count == 0 ? int.MaxValue : Math.Max(1, patientCount / count);
        var (overdueEvery, failedEvery, delayedEvery, deadEvery) = (Every(overdue), Every(failed), Every(delayed), Every(deadLetters));
        var planted = (Overdue: 0, Failed: 0, Delayed: 0, Dead: 0);
        long events = 0, mail = 0;

        for (var first = 1; first <= patientCount; first += Chunk)
        {
            var count = Math.Min(Chunk, patientCount - first + 1);
            var patients = await people.AddPatientsAsync("patient", "Patient", first, count, therapists, cancellationToken);
            var enrolments = new List<Enrolment>(count);
            var rows = new List<ScheduledEvent>(count * 42);
            var messages = new List<OutboxMessage>(count * MailPerPatient);
            for (var i = 0; i < patients.Count; i++)
            {
                var number = first + i;
                var patient = patients[i];
                var choice = mix.Next(now, -300, 30);
                var zone = TimeZoneInfo.FindSystemTimeZoneById(choice.TimeZoneId);
                var enrolledAt = SessionSchedule.ToInstant(choice.StartDate.AddDays(-1), new TimeOnly(12, 0), zone);
                var schedule = SessionSchedule.Compute(choice, definition.Weeks, followUp?.MonthsAfterWeek12 ?? 4, followUp?.WindowDays ?? 14);
                var enrolment = new Enrolment(patient.Id, choice, diaryReminderTime: null, enrolledAt);
                var slot = random.Next(100);
                var withdrawnAt = slot < 4 ? now.AddDays(-random.Next(1, 60)) : (DateTimeOffset?)null;
                // A paused program's events from the pause on wait for the resume: past due, but not overdue.
                var pausedAt = slot is 4 or 5 ? now.AddDays(-random.Next(1, 30)) : (DateTimeOffset?)null;
                var email = BenchPeople.Email("patient", number);
                // Owed so far: a patient who cannot take one (no past event, or paused, or withdrawn) leaves it to the next.
                var plantOverdue = planted.Overdue < Math.Min(overdue, number / overdueEvery);
                var plantFailed = !plantOverdue && planted.Failed < Math.Min(failed, number / failedEvery);
                ScheduledEvent? lastPast = null;
                var schedulesRows = ScheduleEvents.For(enrolment.Id, schedule, definition, enrolledAt).OrderBy(e => e.DueAt).ToList();
                foreach (var scheduled in schedulesRows)
                {
                    if (withdrawnAt is { } stopped && scheduled.DueAt > stopped)
                        scheduled.Cancel(stopped, "program stopped");
                    else if (scheduled.DueAt <= now)
                    {
                        if (pausedAt is null || scheduled.DueAt <= pausedAt)
                            scheduled.Done(scheduled.DueAt.AddSeconds(random.Next(1, 5)), "sent");
                        lastPast = scheduled;
                    }
                    else if (scheduled.DueAt <= now.AddHours(48))
                        scheduled.Planned($"bench-{number}-{rows.Count}");
                    rows.Add(scheduled);
                }
                if (pausedAt is { } since)
                    enrolment.Pause(since);
                else if (withdrawnAt is not null)
                    enrolment.Withdraw("Moved to in-person care");
                else if (lastPast is not null && (plantOverdue || plantFailed))
                {
                    // An event that was due but never ran (its job lost), or one that failed as often as the dispatcher allows.
                    var stuck = new ScheduledEvent(enrolment.Id, lastPast.Kind, lastPast.Week, lastPast.LocalIntent, zone, sequence: 9);
                    if (plantFailed)
                    {
                        for (var attempt = 0; attempt < EventDispatcher.MaxAttempts; attempt++)
                            stuck.Fail("SmtpException: Mailbox unavailable", EventDispatcher.MaxAttempts, stuck.DueAt.AddMinutes(attempt));
                        planted.Failed++;
                    }
                    else
                        planted.Overdue++;
                    rows.Add(stuck);
                }
                enrolments.Add(enrolment);

                for (var m = 0; m < MailPerPatient; m++)
                {
                    var createdAt = now.AddDays(-random.Next(0, 300)).AddSeconds(-random.Next(86_400));
                    var message = new OutboxMessage($"bench:{number}:{m}", email, $"Week {1 + m % 12} is ready",
                        "Your next session is ready. Sign in to start it.", MailPriority.Notice, createdAt);
                    message.MarkSent(createdAt.AddSeconds(2));
                    messages.Add(message);
                }
                if (number % delayedEvery == 0 && planted.Delayed < delayed)
                {
                    var message = new OutboxMessage($"bench:{number}:delayed", email, "Your follow-up questionnaires are ready",
                        "Please fill in your follow-up questionnaires.", MailPriority.Notice, now.AddMinutes(-random.Next(5, 120)));
                    message.Defer("SmtpCommandException: 421 Service not available", now.AddMinutes(2));
                    messages.Add(message);
                    planted.Delayed++;
                }
                if (number % deadEvery == 0 && planted.Dead < deadLetters)
                {
                    var message = new OutboxMessage($"bench:{number}:dead", email, "A message from your therapist",
                        "You have a new message.", MailPriority.Notice, now.AddDays(-random.Next(1, 20)));
                    message.Fail("SmtpCommandException: 550 Mailbox unavailable", message.CreatedAt.AddMinutes(1), hopeless: true, jitter: 0);
                    messages.Add(message);
                    planted.Dead++;
                }
            }
            await site.InScopeAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                await BulkCopy.CopyAsync(db, enrolments, cancellationToken);
                await BulkCopy.CopyAsync(db, rows, cancellationToken);
                await BulkCopy.CopyAsync(db, messages, cancellationToken);
            });
            events += rows.Count;
            mail += messages.Count;
            if ((first - 1 + count) % 20_000 == 0 || first + count > patientCount)
                await output.WriteLineAsync($"  {first - 1 + count:N0} patients, {events:N0} scheduled events, {mail:N0} emails");
        }

        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            // As autovacuum would soon after a real import: the planner needs statistics to choose its plans.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        });
        return new OperationsRows(patientCount, events, mail, planted.Overdue, planted.Failed, planted.Delayed, planted.Dead);
    }
}
