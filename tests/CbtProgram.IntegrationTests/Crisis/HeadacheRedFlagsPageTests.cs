using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Crisis;
using CbtProgram.Web.Curriculum.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CbtProgram.IntegrationTests.Crisis;

/// <summary>
/// "When a headache needs urgent medical help": open to everyone like the crisis page, every headache red flag of the
/// program (PROGRAM.md, "Headache red flags") in plain words, and linked from the crisis page, the consent and weeks 1 and 11.
/// </summary>
public sealed partial class HeadacheRedFlagsPageTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private const string Page = "/help/headache-red-flags";
    private const string LinkToPage = "href=\"/help/headache-red-flags\"";

    /// <summary>Each red flag of PROGRAM.md, by the words the page must use for it.</summary>
    private static readonly string[][] RedFlags =
    [
        ["suddenly", "very severe", "worst headache you have ever had", "within a minute"],
        ["fever", "stiff neck", "rash"],
        ["new weakness", "numbness", "trouble speaking", "confusion", "loss of vision", "a fit"],
        ["injury to your head"],
        ["over 50", "new or different"],
        ["pregnant", "gave birth", "this headache is new"],
        ["coughing, straining, lying down or standing up"],
        ["keeps getting worse", "wakes you"],
        ["cancer", "weakened immune system"],
    ];

    [Fact]
    public async Task RedFlagsPage_AnswersWithoutSigningIn_ListingEveryRedFlag_WhatToDo_AndThatItIsNoDiagnosis()
    {
        var response = await site.CreateBrowserLikeClient().GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = PlainText(html);
        Assert.Contains("When a headache needs urgent medical help", text);
        Assert.All(RedFlags.SelectMany(words => words), words => Assert.Contains(words, text));
        Assert.Equal(RedFlags.Length, ListItem().Count(RedFlagList().Match(html).Groups[1].Value));
        Assert.Contains("Call your local emergency number now", text);
        Assert.Contains("This page is not a diagnosis", text);
        Assert.Contains("CbtProgram is not an emergency service", text);
        var contacts = site.Services.GetRequiredService<IOptions<CrisisResourcesOptions>>().Value.Contacts;
        Assert.NotEmpty(contacts);
        Assert.All(contacts, contact => Assert.Contains(contact.Name, text));
    }

    [Fact]
    public async Task CrisisPage_LinksToTheRedFlagsPage()
    {
        var html = await site.CreateBrowserLikeClient().GetStringAsync("/crisis");

        Assert.Contains(LinkToPage, html);
    }

    [Fact]
    public async Task Consent_LinksToTheRedFlagsPage()
    {
        await site.CreatePatientAsync("red-flags-consent@example.org", "Rae Flagg");
        var patient = await site.SignedInAsAsync("red-flags-consent@example.org", TestPeople.Password);

        var html = await patient.GetStringAsync("/patient/consent");

        Assert.Contains(LinkToPage, html);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public async Task Module_HasAStepThatLinksToTheRedFlagsPage(int week)
    {
        await site.CreatePatientInWeekAsync($"red-flags-week-{week}@example.org", "Rae Flagg", 11);
        var patient = await site.SignedInAsAsync($"red-flags-week-{week}@example.org", TestPeople.Password);
        await patient.AnswerCheckInAsync(11);
        await using var scope = site.Services.CreateAsyncScope();
        var module = (await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionAsync(week))!.Content;

        var linking = module.Steps.Where(s => s.Body.Contains($"]({Page})", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(linking);
        foreach (var step in linking)
            Assert.Contains(LinkToPage, await patient.GetStringAsync($"/patient/modules/{week}/steps/{step.Id}"));
    }

    private static string PlainText(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"id=""red-flags"">.*?</h2>\s*<ul>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex RedFlagList();

    [GeneratedRegex("<li[ >]")]
    private static partial Regex ListItem();
}
