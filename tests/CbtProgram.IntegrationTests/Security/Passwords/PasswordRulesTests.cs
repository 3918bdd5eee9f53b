using CbtProgram.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Passwords;

/// <summary>ASVS 2.1 as the site applies it, through Identity's own UserManager and over HTTP.</summary>
public sealed class PasswordRulesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<IReadOnlyList<string>> RefusalsAsync(string password)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "rules@example.org", Email = "rules@example.org", DisplayName = "Rita Rules" };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
            problems.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        return problems;
    }

    [Fact]
    public async Task ElevenCharacters_AreRefused_InPlainWords_AndTwelveLowerCaseLetters_Pass()
    {
        Assert.Contains("Your password needs at least 12 characters.", Assert.Single(await RefusalsAsync("qwfpgjluyar")));
        Assert.Empty(await RefusalsAsync("qwfpgjluyarst"[..12]));
    }

    [Fact]
    public async Task ACommonPasswordOfTwelveCharacters_IsRefused() =>
        Assert.Contains("one of the most common ones", Assert.Single(await RefusalsAsync("1qaz2wsx3edc")));

    [Fact]
    public async Task A64CharacterPassphrase_IsAccepted_AndWorksWholeButNotCutShort()
    {
        var passphrase = "the kettle sings at seven while a blackbird answers from the elm";
        Assert.Equal(64, passphrase.Length);
        await site.CreateUserAsync("long.pass@example.org", "Lee Long", Web.Security.Roles.Patient);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync("long.pass@example.org"))!;
            Assert.True((await users.ChangePasswordAsync(user, TestPeople.Password, passphrase)).Succeeded);
        }

        var cutShort = await site.CreateBrowserLikeClient().SignInAsync("long.pass@example.org", passphrase[..63]);
        var whole = await site.CreateBrowserLikeClient().SignInAsync("long.pass@example.org", passphrase);

        Assert.Equal(System.Net.HttpStatusCode.OK, cutShort.StatusCode);
        Assert.Equal("/patient", whole.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheDemoAndTestPasswords_MeetTheRules()
    {
        Assert.Empty(await RefusalsAsync(SignedInClient.DemoPassword));
        Assert.Empty(await RefusalsAsync(TestPeople.Password));
    }
}
