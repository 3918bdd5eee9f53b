using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Events that run late (after an outage, say) follow their kind's rule, and a program's life ends when its follow-up
/// closes. Real PostgreSQL; the clock in the test's hands; no job server, so the test dispatches.
/// </summary>
public sealed class LateEventTests : ClockedScheduleTests
{
    // Sessions on Tuesdays at 18:30 London time, from Tuesday 2 March 2027.
    private Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email) =>
        EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)), new TimeOnly(20, 0));

    private Task<bool> EmailedAsync(Guid eventId) => WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Key == $"event:{eventId}:patient:email"));

    private Task<bool> NoticedAsync(Guid eventId) => WithDbAsync(db => db.Notices.AnyAsync(n => n.Key == $"event:{eventId}:patient"));

    [Fact]
    public async Task AnOpeningTwoDaysLate_StillTellsThePatient_WhileTheWeekIsOpen()
    {
        var (_, enrolmentId) = await EnrolAsync("late-opening@example.org");
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        Clock.SetUtcNow(week1.DueAt.AddDays(2)); // the site was down over the weekend

        await DispatchAsync(week1.Id);

        Assert.Equal("opened, patient told", (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).Outcome);
        Assert.True(await EmailedAsync(week1.Id));
        Assert.True(await NoticedAsync(week1.Id));
    }

    [Fact]
    public async Task AnOpeningFoundAfterTheNextWeekOpened_LeavesANoticeButSendsNoEmail()
    {
        var (patient, enrolmentId) = await EnrolAsync("very-late-opening@example.org");
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        Clock.SetUtcNow(week1.DueAt.AddDays(8));

        await DispatchAsync(week1.Id);

        Assert.Equal("opened late, in-app notice only", (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).Outcome);
        Assert.False(await EmailedAsync(week1.Id));
        Assert.True(await NoticedAsync(week1.Id));
        Assert.True(await WithDbAsync(db => db.PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1)));
    }

    [Fact]
    public async Task AReminderFoundAfterItsSessionOpened_IsDropped_WithTheReason()
    {
        var (_, enrolmentId) = await EnrolAsync("late-reminder@example.org");
        var week2 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 2);
        var reminder2 = await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 2);
        Clock.SetUtcNow(week2.DueAt.AddMinutes(10)); // less than a day late, but the session it announces has opened

        await DispatchAsync(reminder2.Id);

        var after = await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 2);
        Assert.Equal((ScheduledEventStatus.Done, "dropped: its session has already opened"), (after.Status, after.Outcome));
        Assert.False(await EmailedAsync(reminder2.Id));
        Assert.False(await NoticedAsync(reminder2.Id));
    }

    [Fact]
    public async Task AFollowUpReminderFoundAfterTheFollowUpClosed_IsDropped()
    {
        var (_, enrolmentId) = await EnrolAsync("late-follow-up@example.org");
        var reminder = await EventAsync(enrolmentId, ScheduledEventKind.FollowUpReminder, sequence: 2);
        var closes = await EventAsync(enrolmentId, ScheduledEventKind.FollowUpCloses);
        Clock.SetUtcNow(closes.DueAt.AddMinutes(1));

        await DispatchAsync(reminder.Id);

        Assert.Equal("dropped: the follow-up has closed", (await EventAsync(enrolmentId, ScheduledEventKind.FollowUpReminder, sequence: 2)).Outcome);
        Assert.False(await EmailedAsync(reminder.Id));
    }

    [Fact]
    public async Task WhenTheFollowUpCloses_TheProgramFinishes_AndNothingRecurringLooksAtItAgain()
    {
        var (_, enrolmentId) = await EnrolAsync("finishing@example.org");
        var closes = await EventAsync(enrolmentId, ScheduledEventKind.FollowUpCloses);
        Clock.SetUtcNow(closes.DueAt.AddMinutes(1));
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            // As the sweeper would find them after a long outage: everything due, oldest first.
            var due = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents
                .Where(e => e.EnrolmentId == enrolmentId).OrderBy(e => e.DueAt).Select(e => e.Id).ToListAsync();
            foreach (var id in due)
                await DispatchAsync(id);
        }

        var enrolment = await WithDbAsync(db => db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId));
        Assert.Equal(EnrolmentStatus.Finished, enrolment.Status);
        Assert.Equal(Clock.GetUtcNow(), enrolment.FinishedAt);
        await using var check = Site.Services.CreateAsyncScope();
        var changes = check.ServiceProvider.GetRequiredService<ScheduleChanges>();
        Assert.Equal("This program has ended, so it cannot be paused.", await changes.PauseAsync(enrolmentId));
        Assert.Equal("The program has already finished.", await changes.WithdrawAsync(enrolmentId, "Tidying up"));
        Clock.Advance(TimeSpan.FromHours(3)); // 20:00 has passed in London
        await check.ServiceProvider.GetRequiredService<DiaryReminders>().SendDueAsync();
        Assert.False(await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Key.StartsWith($"diary-reminder:{enrolmentId}:"))));
    }

    [Fact]
    public async Task FollowUpRows_AreUniqueThoughTheyHaveNoWeek()
    {
        var (_, enrolmentId) = await EnrolAsync("unique-follow-up@example.org");
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ScheduledEvents.Add(new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpOpens, null, new LocalMoment(new DateOnly(2027, 9, 25), new TimeOnly(18, 30)), London));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
