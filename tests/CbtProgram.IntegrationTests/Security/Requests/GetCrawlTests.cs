using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CbtProgram.IntegrationTests.Security.Requests;

/// <summary>The demo caseload, with no job server running, so only the crawl's requests can change the database.</summary>
public sealed class QuietDemoSite : CbtWebApplicationFactory
{
    public QuietDemoSite()
    {
        WithSetting("Demo:Caseload", "true");
        WithSetting("Jobs:RunServer", "false");
    }
}

/// <summary>
/// No GET changes anything, so a link on another site cannot: signed in as each kind of user, follow every same-site
/// link from their start page (up to <see cref="MaxPagesPerPerson"/>), then compare every table with how it was before.
/// </summary>
public sealed partial class GetCrawlTests(QuietDemoSite site, ITestOutputHelper output) : IClassFixture<QuietDemoSite>
{
    private const int MaxPagesPerPerson = 400;

    [Fact]
    public async Task FollowingEveryLink_AsEachKindOfUser_ChangesNoTable()
    {
        var people = new List<(string Email, HttpClient Client)>();
        string[] emails = ["patient@example.org", "therapist@example.org", "lead@example.org", "admin@example.org", "mid.way@example.org", "new.starter@example.org"];
        foreach (var email in emails)
            people.Add((email, await site.SignedInAsAsync(email)));
        await GiveThePatientAnUnreadMessageAsync(people[1].Client);

        var before = await TableFingerprint.TakeAsync(site.ConnectionString);
        foreach (var (email, client) in people)
        {
            var (visited, failures) = await CrawlAsync(client);
            output.WriteLine($"{email}: {visited} pages{(failures.Count > 0 ? "; errors: " + string.Join(", ", failures) : "")}");
            Assert.True(visited > 5, $"The crawl as {email} found only {visited} pages.");
        }
        var after = await TableFingerprint.TakeAsync(site.ConnectionString);

        Assert.Empty(TableFingerprint.Changed(before, after));
    }

    /// <summary>The therapist writes to the demo patient, so the patient's crawl meets an unread message.</summary>
    private async Task GiveThePatientAnUnreadMessageAsync(HttpClient therapist)
    {
        Guid patientId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            patientId = await (from p in db.Patients join u in db.Users on p.UserId equals u.Id
                               where u.Email == "patient@example.org" select p.Id).SingleAsync();
        }
        var thread = $"/therapist/patients/{patientId}/messages";
        var sent = await therapist.PostFormAsync(thread, thread, [new("text", "How did the relaxation practice go this week?")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
    }

    private static async Task<(int Visited, List<string> Failures)> CrawlAsync(HttpClient client)
    {
        var start = (await client.GetAsync("/")).Headers.Location?.OriginalString ?? "/";
        var queue = new Queue<string>([start]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var failures = new List<string>();
        var visited = 0;
        while (queue.Count > 0 && visited < MaxPagesPerPerson)
        {
            var path = queue.Dequeue();
            using var response = await client.GetAsync(path);
            visited++;
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} {path}");
            var next = new List<string>();
            if (response.Headers.Location is { } location)
                next.Add(location.OriginalString);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
                next.AddRange(Links().Matches(await response.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
            foreach (var link in next.Select(SameSitePath).OfType<string>())
                if (seen.Add(link))
                    queue.Enqueue(link);
        }
        return (visited, failures);
    }

    /// <summary>A link on this site worth following, without its fragment; null for other sites, files and the job dashboard.</summary>
    private static string? SameSitePath(string link)
    {
        if (link.StartsWith("http://localhost", StringComparison.Ordinal))
            link = new Uri(link).PathAndQuery;
        if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal))
            return null;
        var path = link.Split('#')[0];
        string[] skip = ["/lib/", "/css/", "/js/", "/img/", "/images/", "/favicon", "/hangfire"];
        return skip.Any(s => path.StartsWith(s, StringComparison.Ordinal)) || path.Length == 0 ? null : path;
    }

    [GeneratedRegex("<a\\b[^>]*\\bhref=\"([^\"]+)\"")]
    private static partial Regex Links();
}
