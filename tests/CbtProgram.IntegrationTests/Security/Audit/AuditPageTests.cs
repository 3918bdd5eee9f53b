using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Care;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>The admin audit page: every entry reachable by paging, filters by who, patient, action and date, the address shown.</summary>
public sealed partial class AuditPageTests(AuditPageTests.Site site) : IClassFixture<AuditPageTests.Site>
{
    public sealed class Site : CbtWebApplicationFactory
    {
        public Site() => this.FromClientAddress();
    }

    [Fact]
    public async Task Paging_ReachesEveryEntry_OnceEach_NewestFirst()
    {
        await RecordAsync("paging test", AuditSearch.PageSize * 2 + 7);
        var admin = await site.SignedInAsAsync("admin@example.org");

        var seen = new List<long>();
        var url = "/admin/audit?what=paging+test";
        for (var pages = 0; url is not null && pages < 10; pages++)
        {
            var html = await admin.GetStringAsync(url);
            seen.AddRange(Numbers(html));
            url = OlderLink().Match(html) is { Success: true } older ? WebUtility.HtmlDecode(older.Groups[1].Value) : null;
        }

        Assert.Equal(AuditSearch.PageSize * 2 + 7, seen.Count);
        Assert.Equal(seen.OrderByDescending(n => n), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var second = await admin.GetStringAsync($"/admin/audit?what=paging+test&before={seen[AuditSearch.PageSize - 1]}");
        var newer = NewerLink().Match(second);
        Assert.True(newer.Success);
        Assert.Equal(seen.Take(AuditSearch.PageSize), Numbers(await admin.GetStringAsync(WebUtility.HtmlDecode(newer.Groups[1].Value))));
    }

    [Fact]
    public async Task Filters_ByWhoPatientActionAndDate_ShowOnlyMatchingEntries_WithAddressAndBrowser()
    {
        var patient = await site.CreatePatientAsync("filter.patient@example.org", "Fay Filter");
        await site.CreateUserAsync("filter.admin@example.org", "Ada Filter", Web.Security.Roles.Admin);
        var other = (await site.SignedInAsAsync("filter.admin@example.org", TestPeople.Password)).WithBrowser();
        await other.PostFormAsync("/admin/patients", $"/admin/patients/{patient.Id}/therapist", [new("therapistId", (await site.CreateUserAsync("filter.therapist@example.org", "Dr Fen Filter", Web.Security.Roles.Therapist)).Id)]);
        await other.GetAsync("/admin/schedules");
        var admin = await site.SignedInAsAsync("admin@example.org");

        var byWho = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?who=ada+filter"));
        Assert.Contains(AuditActions.ViewedSchedules, byWho);
        Assert.Contains(AuditActions.SignedIn, byWho);
        Assert.Contains(AuditSite.ClientAddress.ToString(), byWho);
        Assert.Contains(AuditSite.Browser, byWho);
        Assert.DoesNotContain("Sam Admin", Rows(byWho));

        var byPatient = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?patient=fay"));
        Assert.All(Rows(byPatient), row => Assert.Contains("Fay Filter", row));
        Assert.NotEmpty(Rows(byPatient));

        var byAction = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?who=ada&what=viewed+schedules"));
        Assert.Single(Rows(byAction));

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.NotEmpty(Rows(await admin.GetStringAsync($"/admin/audit?who=ada&from={today}&to={today}")));
        Assert.Empty(Rows(await admin.GetStringAsync($"/admin/audit?who=ada&from={tomorrow}")));

        var backwards = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit?who=ada&from={tomorrow}&to={today}"));
        Assert.Contains("The \"from\" date is after the \"to\" date.", backwards);
        var unreadable = await admin.GetAsync("/admin/audit?from=not-a-date");
        Assert.Equal(HttpStatusCode.OK, unreadable.StatusCode);
        Assert.Contains("Those dates could not be read.", await unreadable.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task VerifyingOnThePage_SaysTheChainIsIntact()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        var response = await admin.PostFormAsync("/admin/audit", "/admin/audit/verify", []);

        Assert.Contains("The audit chain is intact", WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.OriginalString)));
    }

    private async Task RecordAsync(string action, int count)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        for (var i = 0; i < count; i++)
            audit.Record("system", null, action, $"number {i}");
        await scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>().SaveChangesAsync();
    }

    private static List<string> Rows(string html) => RowPattern().Matches(html).Select(m => m.Value).ToList();

    private static List<long> Numbers(string html) => RowPattern().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<tr>\\s*<td>(\\d+)</td>[\\s\\S]*?</tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<a href=\"([^\"]+)\">Older entries</a>")]
    private static partial Regex OlderLink();

    [GeneratedRegex("<a href=\"([^\"]+)\">Newer entries</a>")]
    private static partial Regex NewerLink();
}
