using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests.Security;

/// <summary>
/// A set-password link clicked where people really click it: in a webmail page on another site. The token is taken off
/// the address (303 to the clean one) and the form still has it, which a SameSite=Strict cookie would not allow.
/// </summary>
public sealed class EmailLinkTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task AResetLink_ClickedInAWebmailPageOnAnotherSite_OpensTheFormWithoutItsToken_AndSetsThePassword()
    {
        var user = await site.CreateUserAsync("webmail.reader@example.org", "Wren Webmail", Web.Security.Roles.Patient);
        string link;
        await using (var scope = site.Services.CreateAsyncScope())
            link = await scope.ServiceProvider.GetRequiredService<SetPasswordLinks>()
                .CreateAsync((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!, SetPasswordKind.Reset);
        var page = await site.NewPageAsync(1280);
        await page.RouteAsync("https://webmail.example.net/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<!doctype html><title>Inbox</title><a href=\"{site.BaseUrl}{new Uri(link).PathAndQuery}\">Choose a new password</a>",
        }));
        await page.GotoAsync("https://webmail.example.net/inbox");

        await page.GetByRole(AriaRole.Link, new() { Name = "Choose a new password" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/account/set-password", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0); // the link's token came along: no "expired" warning
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("wren sings in the hedge");
        await page.GetByLabel("Type it again").FillAsync("wren sings in the hedge");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Your password is set. Sign in with it now.")).ToBeVisibleAsync();
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
    }
}
