using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// A patient's whole program with the planner, the delayed jobs and the sweeper all running on a fake clock (see
/// <see cref="ScheduleEngine"/>), through a break, a clock change, a month end, a move to another time zone and the
/// follow-up: every session opens once, at the patient's own local time, and nothing is lost to the change.
/// </summary>
public sealed class BreakJourneyTests : ClockedScheduleTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private ScheduleEngine _engine = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _engine = new ScheduleEngine(Site, Clock);
    }

    private Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email, SessionPreferences preferences) =>
        EnrolAsync(email, preferences, new TimeOnly(20, 0));

    [Fact]
    public async Task AnEightDayBreakOverWeek3_OpensWeek3AfterTheBreakAtTheUsualTime_AndLosesNothing()
    {
        // Sessions on Tuesdays at 19:00 London time: week 1 on 2 March, week 2 on 9 March, week 3 due on 16 March.
        var (patient, enrolmentId) = await EnrolAsync("break@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(19, 0), new DateOnly(2027, 3, 1)));
        _engine.DiligentPatientId = patient.Id;
        await _engine.RunUntilAsync(At(London, 2027, 3, 14, 12, 0)); // Sunday: week 2 is open and done

        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolmentId)));
        var week3 = (await EventsAsync(enrolmentId)).Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 3);
        var reminder3 = (await EventsAsync(enrolmentId)).Single(e => e.Kind == ScheduledEventKind.SessionReminder && e.Week == 3);
        await _engine.RunUntilAsync(At(London, 2027, 3, 15, 12, 0));
        // Nothing of a paused program is planned, though week 3 and its reminder are inside the 48-hour horizon.
        Assert.All((await EventsAsync(enrolmentId)).Where(e => e.DueAt > At(London, 2027, 3, 14, 12, 0)),
            e => Assert.Equal((ScheduledEventStatus.Pending, (string?)null), (e.Status, e.JobId)));
        await _engine.RunUntilAsync(week3.DueAt.AddMinutes(5));
        // Jobs that fire anyway during the break (a deletion lost, a second node's copy) wait instead of cancelling.
        Assert.False(await _engine.FireStrayJobAsync(reminder3.Id));
        Assert.False(await _engine.FireStrayJobAsync(week3.Id));
        await _engine.RunUntilAsync(At(London, 2027, 3, 22, 10, 0)); // Monday, eight days after the break began

        var (weeks, problem) = await ChangeAsync(c => c.ResumeAsync(enrolmentId));
        Assert.Null(problem);
        Assert.Equal(1, weeks);
        await _engine.RunUntilAsync(At(London, 2027, 10, 20, 12, 0)); // past the follow-up's close

        var events = await EventsAsync(enrolmentId);
        Assert.DoesNotContain(events, e => e.Status != ScheduledEventStatus.Done);
        var openings = events.Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week).ToList();
        DateOnly[] expected =
        [
            new(2027, 3, 2), new(2027, 3, 9), new(2027, 3, 23), new(2027, 3, 30), new(2027, 4, 6), new(2027, 4, 13),
            new(2027, 4, 20), new(2027, 4, 27), new(2027, 5, 4), new(2027, 5, 11), new(2027, 5, 18), new(2027, 5, 25),
        ];
        Assert.Equal(expected, openings.Select(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.DueAt, London).DateTime)));
        Assert.All(openings, o => Assert.Equal(new TimeOnly(19, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.DueAt, London).DateTime)));
        Assert.Equal(new DateTimeOffset(2027, 3, 30, 18, 0, 0, TimeSpan.Zero), openings[3].DueAt); // after the clocks went forward: 19:00 BST
        Assert.All(openings, o => Assert.InRange(o.CompletedAt!.Value - o.DueAt, TimeSpan.Zero, TimeSpan.FromMinutes(1)));

        var modules = await WithDbAsync(db => db.PatientModules.AsNoTracking().Where(m => m.PatientId == patient.Id).OrderBy(m => m.Week).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 12), modules.Select(m => m.Week));
        Assert.Equal(openings.Select(o => o.DueAt), modules.Select(m => m.OpenedAt));
        var emails = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        foreach (var opening in openings)
            Assert.Single(emails, m => m.Key == $"event:{opening.Id}:patient:email" && m.Subject == $"Week {opening.Week} is ready");
        // No "missed sessions" email to the therapist: no week was lost to the break.
        Assert.DoesNotContain(emails, m => openings.Any(o => m.Key == $"event:{o.Id}:therapist:email"));
        Assert.All(openings, o => Assert.Equal("opened, patient told", o.Outcome));
        Assert.Equal("patient reminded", events.Single(e => e.Id == reminder3.Id).Outcome); // the day before the new week 3

        // The follow-up moved with the program's end (1 June): four calendar months on, at 19:00 BST; then the program finished.
        Assert.Equal(At(London, 2027, 10, 1, 19, 0), events.Single(e => e.Kind == ScheduledEventKind.FollowUpOpens).DueAt);
        var enrolment = await WithDbAsync(db => db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId));
        Assert.Equal(EnrolmentStatus.Finished, enrolment.Status);
        Assert.Contains("DTSTART:20270323T190000Z", CalendarFeed.Write(openings, Clock.GetUtcNow()));
    }

    [Fact]
    public async Task APatientWhoMovesFromLondonToNewYork_KeepsTheir1900Sessions_AndTheirDiaryReminderFollows()
    {
        var (patient, enrolmentId) = await EnrolAsync("moving@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(19, 0), new DateOnly(2027, 3, 1)));
        _engine.DiligentPatientId = patient.Id;
        await _engine.RunUntilAsync(At(London, 2027, 3, 12, 12, 0)); // Friday: weeks 1 and 2 opened in London

        Assert.Null(await ChangeAsync(c => c.ChangeTimeZoneAsync(enrolmentId, NewYork.Id)));

        // The diary reminder is at 20:00 New York time now, not at 20:00 London time.
        Clock.SetUtcNow(At(NewYork, 2027, 3, 12, 16, 30)); // 21:30 in London
        Assert.Equal(0, await DiaryRemindersAsync(enrolmentId));
        Clock.SetUtcNow(At(NewYork, 2027, 3, 12, 20, 1));
        Assert.Equal(1, await DiaryRemindersAsync(enrolmentId));
        await _engine.RunUntilAsync(At(NewYork, 2027, 6, 1, 12, 0));

        var openings = (await EventsAsync(enrolmentId)).Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week).ToList();
        Assert.Equal(At(London, 2027, 3, 9, 19, 0), openings[1].DueAt); // history stays where it happened
        Assert.All(openings.Skip(2), o =>
        {
            Assert.Equal(NewYork.Id, o.TimeZoneId);
            Assert.Equal(new TimeOnly(19, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.DueAt, NewYork).DateTime));
            Assert.Equal(ScheduledEventStatus.Done, o.Status);
        });
        Assert.Equal(At(NewYork, 2027, 3, 16, 19, 0), openings[2].DueAt); // New York's clocks had gone forward on 14 March
        var followUp = (await EventsAsync(enrolmentId)).Single(e => e.Kind == ScheduledEventKind.FollowUpOpens);
        Assert.Equal(At(NewYork, 2027, 9, 25, 19, 0), followUp.DueAt);

    }

    /// <summary>Runs the diary-reminder job; returns how many reminders this enrolment has had.</summary>
    private async Task<int> DiaryRemindersAsync(Guid enrolmentId)
    {
        await using (var scope = Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DiaryReminders>().SendDueAsync();
        return await WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Key.StartsWith($"diary-reminder:{enrolmentId}:")));
    }

    [Fact]
    public async Task ASessionTimeInAClockChangeGap_IsKept_AndABreakMovesItToTheSameChosenTimeAWeekLater()
    {
        // Sundays at 01:30 London time: on 28 March 2027 01:30 does not exist (01:00 GMT becomes 02:00 BST).
        var (_, enrolmentId) = await EnrolAsync("gap@example.org", new SessionPreferences(London.Id, DayOfWeek.Sunday, new TimeOnly(1, 30), new DateOnly(2027, 3, 15)));
        var week2 = (await EventsAsync(enrolmentId)).Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 2);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), week2.DueAt); // 02:30 BST: the gap's length later
        Assert.Equal(new TimeOnly(1, 30), week2.LocalTime);

        await _engine.RunUntilAsync(At(London, 2027, 3, 27, 12, 0));
        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolmentId)));
        await _engine.RunUntilAsync(At(London, 2027, 3, 29, 12, 0));
        var (weeks, problem) = await ChangeAsync(c => c.ResumeAsync(enrolmentId));

        Assert.Null(problem);
        Assert.Equal(1, weeks);
        var moved = (await EventsAsync(enrolmentId)).Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 2);
        Assert.Equal(new DateOnly(2027, 4, 4), moved.LocalDate);
        Assert.Equal(new TimeOnly(1, 30), moved.LocalTime);
        Assert.Equal(new DateTimeOffset(2027, 4, 4, 0, 30, 0, TimeSpan.Zero), moved.DueAt); // 01:30 BST, as chosen
    }
}
