using System.Net;
using CbtProgram.Web.Curriculum.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Curriculum;

public sealed class CurriculumAuthoringTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task FreshStart_PublishesAll12ModulesAndTheMeasuresAsVersion1()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CurriculumCatalog>();

        var modules = await catalog.CurrentVersionsAsync();
        var program = await site.Services.GetRequiredService<ProgramCatalog>().GetAsync();

        Assert.Equal(Enumerable.Range(1, 12), modules.Select(m => m.Week));
        Assert.All(modules, m => Assert.True(m.Number >= 1));
        Assert.Equal(["gad-7", "midas", "phq-9", "who-5"], program.Measures.Select(m => m.Id));
        Assert.Equal(12, program.Program.Weeks);
    }

    [Fact]
    public async Task PublishingWeek3_LeavesAPatientWhoAlreadyOpenedItOnTheOldText_AndGivesLaterPatientsTheNewText()
    {
        await site.CreatePatientInWeekAsync("early-week3@example.org", "Early Patient", week: 3);
        var admin = await CurriculumAdmin.SignInAsync(site);

        var draft = await admin.StartDraftAsync(3);
        var oldTitle = draft.Title!;
        draft.Title = "Triggers: learning what sets off your headaches";
        draft.Steps[2].Body = "A brand-new first paragraph about triggers.\n\n" + draft.Steps[2].Body;
        var saved = await admin.SaveAsync(3, draft);
        var preview = await admin.Client.GetStringAsync("/admin/curriculum/weeks/3/draft/preview");
        var published = await admin.PublishAsync(3, "Clearer title and a new opening paragraph");
        await site.CreatePatientInWeekAsync("late-week3@example.org", "Late Patient", week: 3);
        var stepPage = $"/patient/modules/3/steps/{draft.Steps[2].Id}";

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("A brand-new first paragraph about triggers.", preview);
        Assert.Contains("Published as version 2", await admin.FollowAsync(published));
        var early = await site.SignedInAsAsync("early-week3@example.org", TestPeople.Password);
        var late = await site.SignedInAsAsync("late-week3@example.org", TestPeople.Password);
        await early.AnswerCheckInAsync(3);
        await late.AnswerCheckInAsync(3);
        var earlyPage = await early.GetStringAsync(stepPage);
        var latePage = await late.GetStringAsync(stepPage);
        Assert.Contains(WebUtility.HtmlEncode(oldTitle), earlyPage);
        Assert.DoesNotContain("A brand-new first paragraph", earlyPage);
        Assert.Contains("Triggers: learning what sets off your headaches", latePage);
        Assert.Contains("A brand-new first paragraph about triggers.", latePage);
    }

    [Fact]
    public async Task SecondAdminSavingAnOlderRevision_IsRefusedAndDoesNotOverwrite()
    {
        await site.CreateUserAsync("second-admin@example.org", "Second Admin", Web.Security.Roles.Admin);
        var first = await CurriculumAdmin.SignInAsync(site);
        var second = await CurriculumAdmin.SignInAsync(site, "second-admin@example.org");
        var firstForm = await first.StartDraftAsync(4);
        var secondForm = await second.LoadDraftAsync(4);

        firstForm.Title = "Title from the first admin";
        var firstSave = await first.SaveAsync(4, firstForm);
        secondForm.Title = "Title from the second admin";
        var secondSave = await second.SaveAsync(4, secondForm);

        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondSave.StatusCode);
        Assert.Contains("Not saved: Alex Admin saved this draft", await secondSave.Content.ReadAsStringAsync());
        Assert.Equal("Title from the first admin", (await first.LoadDraftAsync(4)).Title);
    }

    [Fact]
    public async Task Publish_WithoutAChangeNote_IsRefusedAndNothingIsPublished()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        await admin.StartDraftAsync(5);

        var response = await admin.PublishAsync(5, "  ");

        Assert.Contains("Say in a few words what changed", await response.Content.ReadAsStringAsync());
        await using var scope = site.Services.CreateAsyncScope();
        Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionAsync(5))!.Number);
    }

    [Fact]
    public async Task Publish_ADraftThatBreaksARule_ListsTheProblemsAndPublishesNothing()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        var draft = await admin.StartDraftAsync(6);
        draft.Steps[0].Minutes = 30;
        draft.Steps[1].Id = draft.Steps[2].Id;
        await admin.SaveAsync(6, draft);

        var response = await admin.PublishAsync(6, "Longer check-in");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Not published yet", html);
        Assert.Contains("the steps add up to", html);
        Assert.Contains("minutes; a module takes 45 to 55 minutes", html);
        Assert.Contains("duplicate step id", html);
    }

    [Fact]
    public async Task Editor_BadNumber_IsRefusedWithAMessageAndChangesNothing()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        var draft = await admin.StartDraftAsync(7);
        var fields = DraftFormFields.Of(draft).Select(f => f.Key == "Form.Steps[0].Minutes" ? new KeyValuePair<string, string>(f.Key, "five") : f)
            .Select(f => f.Key == "Form.Title" ? new KeyValuePair<string, string>(f.Key, "Should not be saved") : f).ToList();

        var response = await admin.Client.PostFormAsync("/admin/curriculum/weeks/7/draft", "/admin/curriculum/weeks/7/draft", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved", await response.Content.ReadAsStringAsync());
        Assert.NotEqual("Should not be saved", (await admin.LoadDraftAsync(7)).Title);
    }

    [Fact]
    public async Task EditorButtons_ReorderAddAndRemoveSteps_AndAreSaved()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        var draft = await admin.StartDraftAsync(8);
        var secondId = draft.Steps[1].Id;

        await admin.SaveAsync(8, draft, "up:1");
        var afterMove = await admin.LoadDraftAsync(8);
        await admin.SaveAsync(8, afterMove, "add-step");
        var afterAdd = await admin.LoadDraftAsync(8);
        await admin.SaveAsync(8, afterAdd, $"remove-step:{afterAdd.Steps.Count - 1}");
        var afterRemove = await admin.LoadDraftAsync(8);

        Assert.Equal(secondId, afterMove.Steps[0].Id);
        Assert.Equal("new-step-1", afterAdd.Steps[^1].Id);
        Assert.Equal(draft.Steps.Count, afterRemove.Steps.Count);
    }

    [Fact]
    public async Task History_ShowsWhoChangedWhatWithADiff_AndAnOlderVersionCanBeRestoredAsADraft()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        var draft = await admin.StartDraftAsync(9);
        var originalTitle = draft.Title;
        draft.Title = "Solving problems, one small step at a time";
        await admin.SaveAsync(9, draft);
        await admin.PublishAsync(9, "Warmer title");

        var history = await admin.Client.GetStringAsync("/admin/curriculum/weeks/9");
        var version = WebUtility.HtmlDecode(await admin.Client.GetStringAsync("/admin/curriculum/weeks/9/versions/2"));
        var restored = await admin.Client.PostFormAsync("/admin/curriculum/weeks/9", "/admin/curriculum/weeks/9/versions/1/restore", []);

        Assert.Contains("Warmer title", history);
        Assert.Contains("Alex Admin", history);
        Assert.Contains("<span class=\"diff-added\">+ title: Solving problems, one small step at a time", version);
        Assert.Contains($"<span class=\"diff-removed\">− title: {originalTitle}", version);
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(originalTitle, (await admin.LoadDraftAsync(9)).Title);
    }

    [Theory]
    [InlineData("patient@example.org", "/admin/curriculum")]
    [InlineData("therapist@example.org", "/admin/curriculum")]
    [InlineData("patient@example.org", "/admin/curriculum/weeks/2")]
    [InlineData("therapist@example.org", "/admin/curriculum/export")]
    public async Task Authoring_ForPatientsAndTherapists_IsForbidden(string email, string path)
    {
        var client = await site.SignedInAsAsync(email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("patient@example.org")]
    [InlineData("therapist@example.org")]
    public async Task StartingADraft_AsAPatientOrTherapist_IsForbiddenAndCreatesNothing(string email)
    {
        var client = await site.SignedInAsAsync(email);

        var response = await client.PostFormAsync(email.StartsWith("patient", StringComparison.Ordinal) ? "/patient" : "/therapist",
            "/admin/curriculum/weeks/10/draft/start", []);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = site.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().DraftAsync(10));
    }
}
