using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Scheduling;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes;

/// <summary>
/// The stored outcome summary (patient_outcomes) always equals a fresh computation, after any sequence of the writes that
/// change it (questionnaires, diary days, moving week 1), each made as the site makes it, in its own scope.
/// </summary>
public sealed class PatientOutcomeStoreTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static int patients;

    /// <summary>One write: 0 a questionnaire, 1 a diary day, 2 a move of week 1; A, B, C choose what exactly.</summary>
    public sealed record Write(int Kind, int A, int B, int C);

    private static readonly Gen<Write[]> Writes =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, a, b, c) => new Write(k, a, b, c)).Array[1, 8];

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private async Task<Patient> NewPatientAsync(DemoStory story)
    {
        var n = Interlocked.Increment(ref patients);
        var patient = await site.CreatePatientAsync($"outcomes-{n}@example.org", $"Outcome Patient {n}");
        await InScopeAsync(async s => { await s.GetRequiredService<DemoJourney>().GiveLivedInProgramAsync(patient, story); return 0; });
        return patient;
    }

    private Task<(IReadOnlyList<OutcomeFigures> Stored, IReadOnlyList<OutcomeFigures> Fresh)> BothAsync(Guid patientId) => InScopeAsync(async s =>
    {
        var store = s.GetRequiredService<PatientOutcomeStore>();
        return (await store.StoredAsync(patientId), await store.ComputeAsync(patientId));
    });

    private async Task ApplyAsync(Patient patient, Write write)
    {
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var (_, measures) = await s.GetRequiredService<ProgramCatalog>().GetAsync();
            var state = (await s.GetRequiredService<PatientStates>().ForUserAsync(patient.UserId))!;
            var today = state.Today(s.GetRequiredService<TimeProvider>().GetUtcNow());
            switch (write.Kind)
            {
                case 0:
                    var measure = measures.Where(m => m.Enabled).ElementAt(write.A % 4);
                    var (point, week) = (write.B % 5) switch
                    {
                        0 => (AssessmentPoints.Baseline, 0),
                        1 => (AssessmentPoints.Mid, 6),
                        2 => (AssessmentPoints.Post, 12),
                        3 => (AssessmentPoints.FollowUp, 0),
                        _ => (AssessmentPoints.Weekly, write.C % 12 + 1),
                    };
                    await s.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(state.Patient, measure, point, week, Answers(measure, write.C));
                    break;
                case 1:
                    var headache = write.B % 3 != 0;
                    await s.GetRequiredService<DiaryBook>().RecordAsync(state, today.AddDays(-(write.A % 7)),
                        new DiaryDay(headache, headache ? write.C % 10 + 1 : null, headache ? 3 : null, headache && write.C % 2 == 0,
                            headache && write.C % 2 == 0 ? "Paracetamol" : null, null, 5, 7) { MedicineKinds = headache && write.C % 2 == 0 ? AcuteMedicineKinds.SimplePainkiller : AcuteMedicineKinds.None });
                    break;
                default:
                    await s.GetRequiredService<ScheduleChanges>().RescheduleSessionAsync(state.Enrolment!.Id, 1, today.AddDays(1 + write.A % 5), new TimeOnly(7, 0));
                    break;
            }
            return 0;
        });
    }

    private static Dictionary<int, int?> Answers(MeasureDefinition measure, int c) =>
        measure.Items.ToDictionary(i => i.Id, i => (int?)(measure.Id == "phq-9" && i.Id == 9 ? 0 : (c + i.Id) % (measure.AnswerFor(i).Highest + 1)));

    [Fact]
    public async Task StoredSummary_AfterAnySequenceOfWrites_EqualsAFreshComputation()
    {
        await Writes.SampleAsync(async writes =>
        {
            // Before week 1 (it opens in 6 days), so week 1 can move and the diary days fall in the baseline window.
            var patient = await NewPatientAsync(new DemoStory(0, writes.Length));
            foreach (var write in writes)
            {
                await ApplyAsync(patient, write);
                var (stored, fresh) = await BothAsync(patient.Id);
                Assert.Equal(fresh, stored);
            }
        }, iter: 12, threads: 1);
    }

    [Fact]
    public async Task DemoFinishedPatient_HasEveryPoint_AndTheDiaryWindows()
    {
        var patient = await NewPatientAsync(new DemoStory(12, 53) { DaysSinceLastWeek = 140, FollowUpAnswered = true, FullOutcomes = true });
        var (stored, fresh) = await BothAsync(patient.Id);
        Assert.Equal(fresh, stored);
        Assert.Equal(OutcomeMeasures.All, stored.Select(r => r.MeasureId));
        foreach (var id in new[] { "phq-9", "gad-7", "who-5" })
        {
            var row = stored.Single(r => r.MeasureId == id);
            Assert.True(row is { Baseline: not null, Mid: not null, Post: not null, FollowUp: not null, RciPost: not null }, id);
        }
        Assert.True(stored.Single(r => r.MeasureId == "midas") is { Baseline: not null, Post: not null, FollowUp: not null });
        var days = stored.Single(r => r.MeasureId == OutcomeMeasures.HeadacheDays);
        Assert.True(days is { Baseline: not null, Post: not null, FollowUp: not null, ResponderPost: not null }, "diary windows");
        Assert.NotNull(stored.Single(r => r.MeasureId == OutcomeMeasures.TalkingTherapies).ReliableImprovementPost);
    }

    [Fact]
    public async Task MovingWeek1_MovesTheBaselineDiaryWindow_InTheSameChange()
    {
        var patient = await NewPatientAsync(new DemoStory(0, 5));
        var before = (await BothAsync(patient.Id)).Stored.Single(r => r.MeasureId == OutcomeMeasures.HeadacheDays);
        var enrolmentId = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().Enrolments.Where(e => e.PatientId == patient.Id).Select(e => e.Id).SingleAsync());
        var week1 = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().ScheduledEvents
            .Where(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1).Select(e => e.LocalDate).SingleAsync());

        var problem = await InScopeAsync(s => s.GetRequiredService<ScheduleChanges>().RescheduleSessionAsync(enrolmentId, 1, week1.AddDays(-5), new TimeOnly(7, 0)));

        Assert.Null(problem);
        var after = (await BothAsync(patient.Id)).Stored.Single(r => r.MeasureId == OutcomeMeasures.HeadacheDays);
        Assert.Equal(week1.AddDays(-5), after.StartDate);
        Assert.Equal(week1, before.StartDate);
        var (stored, fresh) = await BothAsync(patient.Id);
        Assert.Equal(fresh, stored);
    }
}
