using System.Net;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>
/// The mid and post questionnaires as the trial timed them (issue 16): post when week 12 has run its 7 days, not when it
/// opens, in a window with reminders; mid with week 6; a closed window takes no answers. Tuesday sessions at 18:30 London
/// from 2 March 2027: week 6 opens 6 April, week 12 on 18 May (BST), so post opens 25 May and closes 8 June.
/// </summary>
public sealed class AssessmentTimingTests : ClockedScheduleTests
{
    private static readonly SessionPreferences Tuesdays = new("Europe/London", DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 2));
    private static readonly DateTimeOffset Week6Opens = At(London, 2027, 4, 6, 18, 30);
    private static readonly DateTimeOffset Week12Opens = At(London, 2027, 5, 18, 18, 30);
    private static readonly DateTimeOffset PostOpens = At(London, 2027, 5, 25, 18, 30);
    private static readonly DateTimeOffset PostCloses = At(London, 2027, 6, 8, 18, 30);

    [Fact]
    public async Task Post_IsNotAskedWhenWeek12Opens_ButWhenItHasRunItsSevenDays_AndWeek12sCheckInDoesNotCountForIt()
    {
        var (patient, _) = await EnrolAsync("post.timing@example.org", Tuesdays);
        Clock.SetUtcNow(Week12Opens.AddHours(1));
        await AnswerAsync(patient, "phq-9", AssessmentPoints.Weekly, 12);

        Assert.DoesNotContain(await DueAsync(patient), d => d.Point == AssessmentPoints.Post);

        Clock.SetUtcNow(PostOpens.AddTicks(-1));
        Assert.DoesNotContain(await DueAsync(patient), d => d.Point == AssessmentPoints.Post);

        Clock.SetUtcNow(PostOpens);
        var post = Assert.Single(await DueAsync(patient), d => d.Point == AssessmentPoints.Post);
        Assert.Equal(12, post.Week);
        Assert.Equal(PostCloses, post.ClosesAt);
        Assert.Equal(["phq-9", "gad-7", "who-5", "midas"], await MissingAsync(patient, AssessmentPoints.Post, 12));
    }

    [Fact]
    public async Task PostEmails_TheOpeningAndEachReminder_AreSentOnceEach_AtTheirLocalTimes_SayingNothingClinical()
    {
        var (patient, enrolmentId) = await EnrolAsync("post.mail@example.org", Tuesdays);
        var engine = new ScheduleEngine(Site, Clock);
        Clock.SetUtcNow(Week12Opens.AddDays(1));
        await engine.RunUntilAsync(PostCloses.AddDays(1));

        var mail = await PostMailAsync();
        Assert.Equal([PostOpens, At(London, 2027, 5, 28, 18, 30), At(London, 2027, 6, 1, 18, 30)], mail.Select(m => m.CreatedAt));
        Assert.Equal(["Your end-of-program questionnaires are ready", "Your end-of-program questionnaires are still open", "Your end-of-program questionnaires are still open"],
            mail.Select(m => m.Subject));
        Assert.All(mail, m => Assert.DoesNotMatch("(?i)phq|gad|who-5|midas|score|depress|anxi|band", m.Body));

        var opening = await EventAsync(enrolmentId, ScheduledEventKind.PostOpens);
        Assert.False(await engine.FireStrayJobAsync(opening.Id)); // a second run of its job sends nothing more
        Assert.Equal(3, (await PostMailAsync()).Count);
        Assert.Equal("post missed: not answered before the window closed", (await EventAsync(enrolmentId, ScheduledEventKind.PostCloses)).Outcome);
        Assert.DoesNotContain(await DueAsync(patient), d => d.Point == AssessmentPoints.Post);

        async Task<List<(DateTimeOffset CreatedAt, string Subject, string Body)>> PostMailAsync()
        {
            await using var scope = Site.Services.CreateAsyncScope();
            var sealedMail = scope.ServiceProvider.GetRequiredService<SealedMail>();
            var messages = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.To == "post.mail@example.org" && m.Subject.Contains("end-of-program")).OrderBy(m => m.CreatedAt).ToListAsync();
            return messages.Select(m => (m.CreatedAt, m.Subject, sealedMail.BodyToSend(m))).ToList();
        }
    }

    [Fact]
    public async Task PostAnswered_InTheWindow_StopsItsReminders_AndIsRecordedAsAnswered()
    {
        var (patient, enrolmentId) = await EnrolAsync("post.answered@example.org", Tuesdays);
        var engine = new ScheduleEngine(Site, Clock);
        Clock.SetUtcNow(Week12Opens.AddDays(1));
        await engine.RunUntilAsync(PostOpens.AddHours(2));
        foreach (var measure in new[] { "phq-9", "gad-7", "who-5", "midas" })
            await AnswerAsync(patient, measure, AssessmentPoints.Post, 12);
        await engine.RunUntilAsync(PostCloses.AddDays(1));

        Assert.Equal(1, await WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == "post.answered@example.org" && m.Subject.Contains("end-of-program"))));
        Assert.Equal("dropped: questionnaires already answered", (await EventAsync(enrolmentId, ScheduledEventKind.PostReminder, sequence: 1)).Outcome);
        Assert.Equal("post answered", (await EventAsync(enrolmentId, ScheduledEventKind.PostCloses)).Outcome);
    }

    [Fact]
    public async Task AClosedPostWindow_RefusesAnswers_WithAClearMessage_AndStoresNothing()
    {
        var patient = await ReadyPatientAsync("post.closed@example.org");
        Clock.SetUtcNow(PostCloses);
        var client = await Site.SignedInAsAsync("post.closed@example.org", TestPeople.Password);

        var page = await client.GetAsync("/patient/assessments/post");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("can no longer be filled in", await page.Content.ReadAsStringAsync());

        var sent = await client.PostFormAsync("/patient", "/patient/assessments/post/gad-7",
            Enumerable.Range(1, 7).Select(i => new KeyValuePair<string, string>($"answers[{i}]", "1")));
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        Assert.Contains("Your end-of-program questionnaires have closed", await sent.Content.ReadAsStringAsync());
        Assert.False(await WithDbAsync(db => db.MeasureResponses.AnyAsync(r => r.PatientId == patient.Id && r.Point == AssessmentPoints.Post)));
        Assert.False(await WithDbAsync(db => db.QuestionnaireDrafts.AnyAsync(r => r.PatientId == patient.Id && r.Point == AssessmentPoints.Post)));
    }

    [Fact]
    public async Task AnOpenPostWindow_TakesAnswers_OverHttp()
    {
        var patient = await ReadyPatientAsync("post.open@example.org");
        Clock.SetUtcNow(PostCloses.AddTicks(-TimeSpan.TicksPerSecond));
        var client = await Site.SignedInAsAsync("post.open@example.org", TestPeople.Password);

        Assert.Contains("open until Tuesday 8 June at 18:30", await client.GetStringAsync("/patient"));
        var sent = await client.PostFormAsync("/patient/assessments/post", "/patient/assessments/post/phq-9",
            Enumerable.Range(1, 9).Select(i => new KeyValuePair<string, string>($"answers[{i}]", "0")));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.True(await WithDbAsync(db => db.MeasureResponses.AnyAsync(r => r.PatientId == patient.Id && r.Point == AssessmentPoints.Post && r.Week == 12)));
    }

    [Fact]
    public async Task Mid_IsOpenDuringWeek6_SharesWeek6sCheckIn_AndClosesWhenWeek7Opens()
    {
        var (patient, enrolmentId) = await EnrolAsync("mid.window@example.org", Tuesdays);
        Clock.SetUtcNow(Week6Opens.AddTicks(-1));
        Assert.DoesNotContain(await DueAsync(patient), d => d.Point == AssessmentPoints.Mid);

        Clock.SetUtcNow(Week6Opens.AddHours(1));
        await AnswerAsync(patient, "phq-9", AssessmentPoints.Weekly, 6);
        var mid = Assert.Single(await DueAsync(patient), d => d.Point == AssessmentPoints.Mid);
        Assert.Equal(At(London, 2027, 4, 13, 18, 30), mid.ClosesAt);
        Assert.Equal(["gad-7", "who-5"], await MissingAsync(patient, AssessmentPoints.Mid, 6));
        Assert.Equal(At(London, 2027, 4, 9, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.MidReminder, sequence: 1)).DueAt);

        Clock.SetUtcNow(At(London, 2027, 4, 13, 18, 30));
        Assert.DoesNotContain(await DueAsync(patient), d => d.Point == AssessmentPoints.Mid);
    }

    [Fact]
    public async Task ABreak_MovesThePostWindowWithWeek12_AndMovingWeek12MovesItToo()
    {
        var (_, enrolmentId) = await EnrolAsync("post.break@example.org", Tuesdays);
        await new ScheduleEngine(Site, Clock).RunUntilAsync(At(London, 2027, 3, 17, 12, 0)); // in week 3
        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolmentId)));
        Clock.SetUtcNow(At(London, 2027, 4, 5, 12, 0)); // across the spring clock change: weeks 4 and 5 missed
        Assert.Equal(2, (await ChangeAsync(c => c.ResumeAsync(enrolmentId))).Weeks);

        var week12 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 12);
        Assert.Equal(new DateOnly(2027, 6, 1), week12.LocalDate);
        Assert.Equal(At(London, 2027, 6, 8, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.PostOpens)).DueAt);
        Assert.Equal(At(London, 2027, 6, 22, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.PostCloses)).DueAt);

        Assert.Null(await ChangeAsync(c => c.RescheduleSessionAsync(enrolmentId, 12, new DateOnly(2027, 6, 3), new TimeOnly(9, 15))));
        Assert.Equal(At(London, 2027, 6, 10, 9, 15), (await EventAsync(enrolmentId, ScheduledEventKind.PostOpens)).DueAt);
        Assert.Equal(At(London, 2027, 6, 17, 9, 15), (await EventAsync(enrolmentId, ScheduledEventKind.PostReminder, sequence: 2)).DueAt);
        Assert.Equal(At(London, 2027, 6, 24, 9, 15), (await EventAsync(enrolmentId, ScheduledEventKind.PostCloses)).DueAt);
    }

    /// <summary>A consented, enrolled patient with the baseline answered, who can use the patient pages.</summary>
    private async Task<Patient> ReadyPatientAsync(string email)
    {
        var (patient, _) = await EnrolAsync(email, Tuesdays);
        await Site.ConsentAsync(patient, Clock.GetUtcNow());
        foreach (var measure in new[] { "phq-9", "gad-7", "who-5", "midas" })
            await AnswerAsync(patient, measure, AssessmentPoints.Baseline, 0);
        return patient;
    }

    private async Task AnswerAsync(Patient patient, string measureId, string point, int week) =>
        Assert.IsType<QuestionnaireSubmission.Recorded>(await Site.AnswerAsync(patient, measureId, point, week));

    private async Task<IReadOnlyList<DueAssessment>> DueAsync(Patient patient)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var state = await scope.ServiceProvider.GetRequiredService<PatientStates>().ForUserAsync(patient.UserId);
        return await scope.ServiceProvider.GetRequiredService<AssessmentPlan>().DueAsync(state!, Clock.GetUtcNow());
    }

    private async Task<List<string>> MissingAsync(Patient patient, string point, int week)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentPlan>().MissingAsync(patient.Id, point, week)).Select(m => m.Id).ToList();
    }
}
