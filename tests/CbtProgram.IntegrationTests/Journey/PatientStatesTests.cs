using CbtProgram.IntegrationTests.Data;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>
/// The patient's state, read in one round trip (<see cref="PatientStates"/>), is what plain EF queries read, for every
/// patient of the demo caseload (every stage: not started, baseline, mid-way, paused, withdrawn, finished, follow-up),
/// and the patient and enrolment come tracked, as the pages change them. Of the schedule, only the milestones the pages
/// use are read (<see cref="PatientState.MilestoneKinds"/>): reminders and nudges are more than half of it.
/// </summary>
public sealed class PatientStatesTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Demo:Caseload", "true").WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task OneRoundTrip_ReadsWhatEfReads_ForEveryDemoPatient()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var reference = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var people = await reference.Patients.AsNoTracking().Select(p => new { p.Id, p.UserId }).ToListAsync();
        Assert.True(people.Count >= 14, $"the demo caseload gives {people.Count} patients");
        var (enrolled, events, others) = (0, 0, 0);
        foreach (var person in people)
        {
            await using var request = _site.Services.CreateAsyncScope();
            var db = request.ServiceProvider.GetRequiredService<AppDbContext>();
            var state = await request.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync(person.UserId);

            Assert.NotNull(state);
            var patient = await reference.Patients.AsNoTracking().SingleAsync(p => p.Id == person.Id);
            Assert.Equal(EntityValues.Of(reference, patient), EntityValues.Of(db, state.Patient));
            var enrolment = await reference.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.PatientId == person.Id);
            Assert.Equal(EntityValues.Of(reference, enrolment), EntityValues.Of(db, state.Enrolment));
            var schedule = enrolment is null ? [] : await reference.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolment.Id).OrderBy(e => e.Id).ToListAsync();
            var milestones = schedule.Where(e => PatientState.MilestoneKinds.Contains(e.Kind)).ToList();
            Assert.Equal(milestones.Select(e => EntityValues.Of(reference, e)), state.Milestones.OrderBy(e => e.Id).Select(e => EntityValues.Of(db, e)));
            Assert.Equal(await reference.Users.Where(u => u.Id == patient.AssignedTherapistId).Select(u => u.DisplayName).SingleOrDefaultAsync(), state.TherapistName);
            Assert.Equal((await reference.MeasureResponses.Where(r => r.PatientId == person.Id).Select(r => new AnsweredMeasure(r.Point, r.Week, r.MeasureId)).ToListAsync()).ToHashSet(),
                state.Answered);

            // Tracked, unchanged, and the same instances when read again in the request (as a tracking query gives them).
            Assert.Equal(EntityState.Unchanged, db.Entry(state.Patient).State);
            Assert.True(state.Enrolment is null || db.Entry(state.Enrolment).State == EntityState.Unchanged);
            var again = await request.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync(person.UserId);
            Assert.Same(state.Patient, again!.Patient);
            Assert.Same(state.Enrolment, again.Enrolment);
            enrolled += enrolment is null ? 0 : 1;
            events += milestones.Count;
            others += schedule.Count - milestones.Count;
        }
        // The milestones are compared, and the rest of the schedule (reminders, nudges) is there but not read.
        Assert.True(enrolled >= 10 && events > 150 && others > 150, $"only {enrolled} enrolments and {events} milestones compared, {others} other events left out");
        await using var nobody = _site.Services.CreateAsyncScope();
        Assert.Null(await nobody.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync("not-a-user"));
    }
}
