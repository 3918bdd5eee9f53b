namespace CbtProgram.IntegrationTests.Security.RateLimits;

/// <summary>The site with its rate limits on, each policy cut to <see cref="Permits"/> an hour so a test reaches it quickly.</summary>
public sealed class RateLimitedSite : CbtWebApplicationFactory
{
    public const int Permits = 2;

    public RateLimitedSite()
    {
        WithSetting("RateLimits:Enabled", "true");
        foreach (var limit in new[] { "SignInPerAddress", "AccountFormsPerAddress", "InvitationsPerUser", "MessagesPerSender", "PatientEntriesPerUser" })
        {
            WithSetting($"RateLimits:{limit}:Permits", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WithSetting($"RateLimits:{limit}:Window", "01:00:00");
        }
    }

    /// <summary>A browser-like client whose requests come from <paramref name="address"/>, signed in as <paramref name="email"/>.</summary>
    public async Task<HttpClient> SignedInFromAsync(string address, string email, string password = SignedInClient.DemoPassword)
    {
        var client = TestClientAddress.From(this.CreateBrowserLikeClient(), address);
        var response = await client.SignInAsync(email, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
