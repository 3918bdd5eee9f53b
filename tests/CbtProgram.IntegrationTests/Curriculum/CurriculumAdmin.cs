using System.Net;
using CbtProgram.Web.Areas.Admin.Models;
using CbtProgram.Web.Curriculum.Publishing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Curriculum;

/// <summary>An admin working the curriculum pages over HTTP, as the browser does.</summary>
internal sealed class CurriculumAdmin(WebApplicationFactory<Program> site, HttpClient client)
{
    public HttpClient Client => client;

    public static async Task<CurriculumAdmin> SignInAsync(WebApplicationFactory<Program> site, string email = "admin@example.org") =>
        new(site, email == "admin@example.org" ? await site.SignedInAsAsync(email) : await site.SignedInAsAsync(email, TestPeople.Password));

    public async Task<DraftForm> StartDraftAsync(int week)
    {
        var response = await client.PostFormAsync($"/admin/curriculum/weeks/{week}", $"/admin/curriculum/weeks/{week}/draft/start", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await LoadDraftAsync(week);
    }

    public async Task<DraftForm> LoadDraftAsync(int week)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().DraftAsync(week);
        return DraftForm.From(draft!);
    }

    public Task<HttpResponseMessage> SaveAsync(int week, DraftForm form, string command = "save") =>
        client.PostFormAsync($"/admin/curriculum/weeks/{week}/draft", $"/admin/curriculum/weeks/{week}/draft", DraftFormFields.Of(form, command));

    public async Task<HttpResponseMessage> PublishAsync(int week, string note)
    {
        var revision = (await LoadDraftAsync(week)).Revision;
        return await client.PostFormAsync($"/admin/curriculum/weeks/{week}/draft", $"/admin/curriculum/weeks/{week}/draft/publish",
            [new("revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("changeNote", note)]);
    }

    /// <summary>Follows a redirect and returns the page it leads to.</summary>
    public async Task<string> FollowAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetStringAsync(response.Headers.Location!.OriginalString);
    }
}
