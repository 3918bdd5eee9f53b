using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Outcomes.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes;

/// <summary>
/// A diary day saved while a schedule change moves the diary windows over it, with the interleaving forced: the change
/// has read the patient's figures and is held as its SaveChanges begins (<see cref="SaveGate"/>) while the diary save
/// runs until it finishes or waits on a lock; then the change goes on. Whatever the order, the stored outcome summary
/// equals a fresh computation: the day counts in the window that now holds it.
/// </summary>
public sealed class OutcomeRaceTests : ClockedScheduleTests
{
    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) =>
        site.WithServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(new SaveGate(), new CommitGate())));

    private async Task<IReadOnlyDictionary<string, string>> SaveHeadacheDayAsync(Patient patient, DateOnly date)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var state = (await scope.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync(patient.UserId))!;
        return await scope.ServiceProvider.GetRequiredService<DiaryBook>().RecordAsync(state, date, new DiaryDay(true, 6, 3, false, null, null, 5, 7));
    }

    // Today is Monday 1 March 2027. Week 1 opens on Tuesday 30 March, so its baseline window (the 28 days before)
    // begins on 2 March and today is outside it. Moving week 1 to Tuesday 9 March brings today inside.
    private static readonly DateOnly Today = new(2027, 3, 1);

    private async Task<(Patient Patient, Guid EnrolmentId)> EnrolWithWeek1FourWeeksAwayAsync(string email)
    {
        var (patient, enrolmentId) = await EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 29)));
        Assert.Equal(new DateOnly(2027, 3, 30), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).LocalDate);
        return (patient, enrolmentId);
    }

    private Task<string?> MoveWeek1OverTodayAsync(Guid enrolmentId) =>
        ChangeAsync(c => c.RescheduleSessionAsync(enrolmentId, 1, new DateOnly(2027, 3, 9), new TimeOnly(18, 30)));

    [Fact]
    public async Task ADiaryDaySavedWhileWeek1MovesOverIt_CountsInTheNewBaselineWindow()
    {
        var (patient, enrolmentId) = await EnrolWithWeek1FourWeeksAwayAsync("race-outcomes-move-first@example.org");

        var (moved, saved, _) = await Interleaving.RunAsync(
            () => MoveWeek1OverTodayAsync(enrolmentId), () => SaveHeadacheDayAsync(patient, Today),
            LockWaitersAsync, holdFirst: SaveGate.HoldNextSaveHere);

        Assert.Null(moved);
        Assert.Empty(saved);
        await AssertTheDayCountsAsync(patient);
    }

    [Fact]
    public async Task Week1MovedOverADiaryDayBeingSaved_CountsItInTheNewBaselineWindow()
    {
        var (patient, enrolmentId) = await EnrolWithWeek1FourWeeksAwayAsync("race-outcomes-diary-first@example.org");

        // The diary save has stored the day (and found no window holding it) and is about to commit when week 1 moves.
        var (saved, moved, _) = await Interleaving.RunAsync(
            () => SaveHeadacheDayAsync(patient, Today), () => MoveWeek1OverTodayAsync(enrolmentId), LockWaitersAsync);

        Assert.Empty(saved);
        Assert.Null(moved);
        await AssertTheDayCountsAsync(patient);
    }

    /// <summary>The day is stored once and counts in the baseline window, and the stored summary equals a fresh computation.</summary>
    private async Task AssertTheDayCountsAsync(Patient patient)
    {
        Assert.Equal(1, await WithDbAsync(db => db.DiaryEntries.CountAsync(d => d.PatientId == patient.Id)));
        await using var scope = Site.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PatientOutcomeStore>();
        var (stored, fresh) = (await store.StoredAsync(patient.Id), await store.ComputeAsync(patient.Id));
        Assert.Equal(1, fresh.Single(r => r.MeasureId == OutcomeMeasures.HeadacheDays).BaselineDiaryDays);
        Assert.Equal(fresh, stored);
    }
}
