using System.Text.Json;
using CbtProgram.Web.Care;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Outcomes.Tracking;
using CbtProgram.Web.Scheduling;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// The consistency test of issue 18: after any sequence of writes, each made as the site makes it in its own scope
/// (diary days, PHQ-9s with and without a risky answer, modules completed, messages sent and read, alerts acknowledged
/// and resolved, pause, resume, withdraw, reschedule, a new not-on-track rule, the clock moving on with the due events
/// dispatched), every stored summary equals a fresh computation, and the caseload rows and banner built from the
/// summaries equal those the old computation (<see cref="CaseloadOracle"/>) gives, for the whole demo caseload (every
/// stage of the program) at every moment.
/// </summary>
public sealed class PatientSummaryConsistencyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) }; // no two writes at the same instant
    private readonly CbtWebApplicationFactory _site;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;
    private static int patients;

    public PatientSummaryConsistencyTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        _site = new CbtWebApplicationFactory().WithClock(_clock).WithSetting("Demo:Caseload", "true")
            .WithSetting("Jobs:RunServer", "false"); // only the test dispatches, so nothing writes between its two reads
    }

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>One write: Kind chooses which (see <see cref="ApplyAsync"/>), A, B and C what exactly.</summary>
    public sealed record Write(int Kind, int A, int B, int C);

    private static readonly Gen<(int Week, Write[] Writes)> Sequences = Gen.Select(Gen.Int[-1, 12],
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, a, b, c) => new Write(k, a, b, c)).Array[1, 8]);

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task InScopeAsync(Func<IServiceProvider, Task> work) => InScopeAsync(async s => { await work(s); return 0; });

    /// <summary>A patient of the demo therapist: not started (week -1), or enrolled with a lived-in program up to the week.</summary>
    private async Task<Patient> NewPatientAsync(int week)
    {
        var n = Interlocked.Increment(ref patients);
        var patient = await _site.CreatePatientAsync($"summary-{n}@example.org", $"Summary Patient {n}");
        if (week >= 0)
            await InScopeAsync(s => s.GetRequiredService<DemoJourney>().GiveLivedInProgramAsync(patient, new DemoStory(week, n)));
        return patient;
    }

    /// <summary>Every kind of write at least once, in an order where each one changes the summary, before the random ones.</summary>
    private static readonly Write[] EveryKind =
    [
        new(0, 0, 1, 0), new(1, 0, 2, 3), new(2, 0, 0, 0), new(3, 0, 0, 0), new(4, 0, 0, 0), new(5, 0, 0, 0), new(5, 0, 1, 0),
        new(1, 4, 0, 1), new(6, 1, 0, 0), new(7, 1, 100, 0), new(6, 3, 0, 0), new(9, 11, 2, 0), new(10, 1, 0, 0),
        new(7, 1, 300, 0), new(6, 0, 0, 0), new(7, 1, 599, 0),
    ];

    [Fact]
    public async Task AfterAnySequenceOfWrites_TheSummariesEqualAFreshComputation_AndTheCaseloadEqualsTheOldOne()
    {
        await AssertConsistentAsync(null, "the demo caseload as seeded");
        await RunAsync((2, EveryKind));
        await Sequences.SampleAsync(RunAsync, iter: 12, threads: 1);
    }

    private async Task RunAsync((int Week, Write[] Writes) sequence)
    {
        var patient = await NewPatientAsync(sequence.Week);
        await AssertConsistentAsync(patient.Id, "new patient");
        foreach (var write in sequence.Writes)
        {
            var what = await ApplyAsync(patient, write);
            _output.WriteLine($"{patient.Id}: {what}");
            await AssertConsistentAsync(patient.Id, what);
        }
    }

    private async Task<string> ApplyAsync(Patient patient, Write write)
    {
        var what = "";
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var (_, measures) = await s.GetRequiredService<ProgramCatalog>().GetAsync();
            var state = (await s.GetRequiredService<PatientStates>().ForUserAsync(patient.UserId))!;
            var today = state.Today(_clock.GetUtcNow());
            var enrolmentId = state.Enrolment?.Id;
            switch (write.Kind)
            {
                case 0:
                    var headache = write.B % 3 != 0;
                    var kinds = headache && write.C % 2 == 0 ? (AcuteMedicineKinds)(1 << (write.C / 2 % 3)) : AcuteMedicineKinds.None;
                    what = $"diary day {today.AddDays(-(write.A % 7))}";
                    await s.GetRequiredService<DiaryBook>().RecordAsync(state, today.AddDays(-(write.A % 7)),
                        new DiaryDay(headache, headache ? write.C % 10 + 1 : null, headache ? 3 : null, kinds != AcuteMedicineKinds.None,
                            kinds != AcuteMedicineKinds.None ? "Tablets" : null, null, 5, 7) { MedicineKinds = kinds });
                    break;
                case 1:
                    var phq9 = measures.Single(m => m.Id == "phq-9");
                    var (point, week) = (write.B % 4) switch
                    {
                        0 => (AssessmentPoints.Baseline, 0),
                        1 => (AssessmentPoints.FollowUp, 0),
                        _ => (AssessmentPoints.Weekly, write.C % 12 + 1),
                    };
                    what = $"PHQ-9 {point} {week}";
                    await s.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(state.Patient, phq9, point, week,
                        phq9.Items.ToDictionary(i => i.Id, i => (int?)(i.Id == 9 ? (write.A % 4 == 0 ? 1 : 0) : (write.C + write.A + i.Id) % 4)));
                    break;
                case 2:
                    var moduleWeek = write.A % 12 + 1;
                    what = $"module {moduleWeek} completed";
                    await s.GetRequiredService<ModuleOpening>().OpenAsync(patient.Id, moduleWeek);
                    var module = await db.PatientModules.SingleAsync(m => m.PatientId == patient.Id && m.Week == moduleWeek);
                    if (module.CompletedAt is null)
                        module.Complete(_clock.GetUtcNow());
                    await db.SaveChangesAsync();
                    break;
                case 3:
                    what = "message from the patient";
                    await s.GetRequiredService<Conversations>().SendFromPatientAsync(patient.Id, patient.UserId, $"Message {write.A}");
                    break;
                case 4:
                    what = "therapist read the messages";
                    await s.GetRequiredService<Conversations>().MarkReadAsync(patient.Id, readByPatient: false);
                    break;
                case 5:
                    var alert = await db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patient.Id && a.ResolvedAt == null).OrderBy(a => a.RaisedAt).FirstOrDefaultAsync();
                    var therapist = patient.AssignedTherapistId!;
                    what = alert is null ? "no alert to act on" : write.B % 2 == 0 ? "alert acknowledged" : "alert resolved";
                    if (alert is not null && write.B % 2 == 0)
                        await s.GetRequiredService<RiskAlerts>().AcknowledgeAsync(patient.Id, alert.Id, therapist);
                    else if (alert is not null)
                        await s.GetRequiredService<RiskAlerts>().ResolveAsync(patient.Id, alert.Id, therapist, "Called the patient; agreed a plan.");
                    break;
                case 6 when enrolmentId is { } id:
                    var changes = s.GetRequiredService<ScheduleChanges>();
                    what = (write.A % 5) switch { 0 => "withdrawn", 1 or 2 => "paused", _ => "resumed" };
                    _ = what switch
                    {
                        "withdrawn" => await changes.WithdrawAsync(id, "Moved away"),
                        "paused" => await changes.PauseAsync(id),
                        _ => (await changes.ResumeAsync(id)).Problem,
                    };
                    break;
                case 7 or 8:
                    var hours = write.A % 3 == 0 ? write.B % 24 + 1 : write.B % 600 + 1;
                    what = $"{hours} hours later, due events dispatched";
                    _clock.Advance(TimeSpan.FromHours(hours));
                    await DispatchDueAsync(enrolmentId);
                    break;
                case 9 when enrolmentId is { } id:
                    var sessionWeek = write.A % 12 + 1;
                    what = $"week {sessionWeek} moved";
                    await s.GetRequiredService<ScheduleChanges>().RescheduleSessionAsync(id, sessionWeek, today.AddDays(1 + write.B % 6), new TimeOnly(7 + write.C % 12, 0));
                    break;
                case 10:
                    var rule = NotOnTrackRules.All[write.A % NotOnTrackRules.All.Count];
                    what = $"not-on-track rule {rule}";
                    await s.GetRequiredService<NotOnTrackWatch>().ChooseRuleAsync(patient.Id, rule);
                    break;
                default:
                    what = "nothing (not enrolled)";
                    break;
            }
        });
        return what;
    }

    /// <summary>Runs every due, unfinished event of the enrolment, each in its own scope, as the site's jobs would.</summary>
    private async Task DispatchDueAsync(Guid? enrolmentId)
    {
        if (enrolmentId is null)
            return;
        var now = _clock.GetUtcNow();
        var due = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
            .Where(e => e.EnrolmentId == enrolmentId && e.DueAt <= now
                && (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned))
            .OrderBy(e => e.DueAt).Select(e => e.Id).ToListAsync());
        foreach (var id in due)
            await InScopeAsync(s => s.GetRequiredService<EventDispatcher>().DispatchAsync(id));
    }

    private async Task AssertConsistentAsync(Guid? patientId, string after)
    {
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var therapistId = await db.Users.Where(u => u.Email == DemoAccounts.TherapistEmail).Select(u => u.Id).SingleAsync();

            if (patientId is { } id)
            {
                var stored = await db.Set<PatientSummary>().AsNoTracking().SingleAsync(r => r.PatientId == id);
                var fresh = (await s.GetRequiredService<PatientSummaries>().ComputeAsync([id], stored.RefreshedAt)).Single();
                Assert.True(Json(fresh) == Json(stored), $"After {after}: the stored summary differs from a fresh computation.\nstored: {Json(stored)}\nfresh:  {Json(fresh)}");
            }

            var rows = await s.GetRequiredService<Caseload>().ForTherapistAsync(therapistId);
            var banner = s.GetRequiredService<BannerAlerts>().For(therapistId);
            var oracle = new CaseloadOracle(db, s.GetRequiredService<ProgramCatalog>(), s.GetRequiredService<TimeProvider>());
            var expected = await oracle.ForTherapistAsync(therapistId);
            Assert.Equal(expected.Count, rows.Count);
            foreach (var (want, got) in expected.OrderBy(r => r.PatientId).Zip(rows.OrderBy(r => r.PatientId)))
                Assert.True(Json(want) == Json(got), $"After {after} at {_clock.GetUtcNow():u}: {want.Name}'s caseload row differs.\nold: {Json(want)}\nnew: {Json(got)}");
            Assert.Equal(Json(await oracle.BannerAsync(therapistId)), Json(banner));
        });
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
