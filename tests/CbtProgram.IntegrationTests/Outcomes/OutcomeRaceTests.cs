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
        site.WithServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(new SaveGate())));

    private async Task<IReadOnlyDictionary<string, string>> SaveHeadacheDayAsync(Patient patient, DateOnly date)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var state = (await scope.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync(patient.UserId))!;
        return await scope.ServiceProvider.GetRequiredService<DiaryBook>().RecordAsync(state, date, new DiaryDay(true, 6, 3, false, null, null, 5, 7));
    }

    [Fact]
    public async Task ADiaryDaySavedWhileWeek1MovesOverIt_CountsInTheNewBaselineWindow()
    {
        // Today is Monday 1 March 2027. Week 1 opens on Tuesday 30 March, so its baseline window (the 28 days before)
        // begins on 2 March and today is outside it. Moving week 1 to Tuesday 9 March brings today inside.
        var (patient, enrolmentId) = await EnrolAsync("race-outcomes@example.org",
            new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 29)));
        var today = new DateOnly(2027, 3, 1);
        Assert.Equal(new DateOnly(2027, 3, 30), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).LocalDate);

        var (moved, saved, _) = await Interleaving.RunAsync(
            () => ChangeAsync(c => c.RescheduleSessionAsync(enrolmentId, 1, new DateOnly(2027, 3, 9), new TimeOnly(18, 30))),
            () => SaveHeadacheDayAsync(patient, today),
            LockWaitersAsync, holdFirst: SaveGate.HoldNextSaveHere);

        Assert.Null(moved);
        Assert.Empty(saved);
        Assert.Equal(1, await WithDbAsync(db => db.DiaryEntries.CountAsync(d => d.PatientId == patient.Id)));
        await using var scope = Site.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PatientOutcomeStore>();
        var (stored, fresh) = (await store.StoredAsync(patient.Id), await store.ComputeAsync(patient.Id));
        Assert.Equal(1, fresh.Single(r => r.MeasureId == OutcomeMeasures.HeadacheDays).BaselineDiaryDays);
        Assert.Equal(fresh, stored);
    }
}
