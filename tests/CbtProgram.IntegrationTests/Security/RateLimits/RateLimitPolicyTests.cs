using System.Net;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.RateLimits;

/// <summary>
/// Each rate-limit policy, reached: the request after the last permit gets 429, a Retry-After header and the calm
/// "please wait" page, and its action does not run. Every test uses addresses of its own, so they do not share counters.
/// </summary>
public sealed class RateLimitPolicyTests(RateLimitedSite site) : IClassFixture<RateLimitedSite>
{
    [Fact]
    public async Task SignIn_PastTheLimitForOneAddress_Gets429_WhileAnotherAddressSignsIn()
    {
        var stranger = TestClientAddress.From(site.CreateBrowserLikeClient(), "203.0.113.10");

        var answers = new List<HttpResponseMessage>();
        foreach (var email in new[] { "a@example.org", "b@example.org", "therapist@example.org" })
            answers.Add(await stranger.SignInAsync(email, "Guess#12345"));
        var elsewhere = await TestClientAddress.From(site.CreateBrowserLikeClient(), "203.0.113.11").SignInAsync("therapist@example.org");

        Assert.All(answers.Take(RateLimitedSite.Permits), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await AssertCalm429Async(answers[^1]);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public async Task SetPassword_PastTheLimitForOneAddress_Gets429()
    {
        var client = TestClientAddress.From(site.CreateBrowserLikeClient(), "203.0.113.20");

        var answers = await OnePastTheLimitAsync(i =>
            client.PostFormAsync("/account/set-password", "/account/set-password",
                [new("email", "therapist@example.org"), new("token", "guess" + i), new("password", "Whatever#123456"), new("confirmPassword", "Whatever#123456")]));

        Assert.All(answers.Take(RateLimitedSite.Permits), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await AssertCalm429Async(answers[^1]);
    }

    [Fact]
    public async Task Invitations_PastTheLimitForOneTherapist_Gets429_AndInvitesNobody()
    {
        var therapist = await site.SignedInFromAsync("203.0.113.30", "therapist@example.org");

        var answers = await OnePastTheLimitAsync(i =>
            therapist.PostFormAsync("/therapist/invite", "/therapist/invite",
                [new("Name", $"Flood {i}"), new("Email", $"flood{i}@example.org")]));

        Assert.All(answers.Take(RateLimitedSite.Permits), a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        await AssertCalm429Async(answers[^1]);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(RateLimitedSite.Permits, await db.Invitations.CountAsync(i => i.Email.StartsWith("flood")));
    }

    [Fact]
    public async Task Messages_PastTheLimitForOneSender_Get429_AndTheLastIsNotSent()
    {
        var patient = await site.SignedInFromAsync("203.0.113.40", "patient@example.org");

        var answers = await OnePastTheLimitAsync(i =>
            patient.PostFormAsync("/patient/messages", "/patient/messages", [new("text", $"Flood message {i}")]));

        Assert.All(answers.Take(RateLimitedSite.Permits), a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        await AssertCalm429Async(answers[^1]);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(RateLimitedSite.Permits, await db.Messages.CountAsync(m => m.Text.StartsWith("Flood message")));
    }

    [Fact]
    public async Task DiaryAndQuestionnairePosts_PastTheLimitForOnePatient_Get429()
    {
        var patient = await site.SignedInFromAsync("203.0.113.50", "patient@example.org");
        var today = $"/patient/diary/{TimeProvider.System.GetUtcNow():yyyy-MM-dd}";

        var answers = await OnePastTheLimitAsync(_ =>
            patient.PostFormAsync(today, today, [new("Mood", "")]));
        var questionnaire = await patient.PostFormAsync(today, "/patient/assessments/baseline/phq9", [new("item1", "0")]);
        var checkIn = await patient.PostFormAsync(today, "/patient/modules/3/check-in", [new("item1", "0")]);

        Assert.All(answers.Take(RateLimitedSite.Permits), a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a.StatusCode));
        await AssertCalm429Async(answers[^1]);
        await AssertCalm429Async(questionnaire); // one allowance for all of a patient's entries
        await AssertCalm429Async(checkIn);
    }

    /// <summary>Sends the request once more than the policy allows; <paramref name="send"/> gets the attempt's number.</summary>
    private static async Task<List<HttpResponseMessage>> OnePastTheLimitAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= RateLimitedSite.Permits; i++)
            answers.Add(await send(i));
        return answers;
    }

    internal static async Task AssertCalm429Async(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please wait a little, then try again", html);
        Assert.Contains("You can try again <strong>in", html);
        Assert.Contains("Nothing was changed or saved.", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(" at CbtProgram", html);
    }
}
