using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests.App;

/// <summary>
/// The installable app in Chromium: installable by Chromium's own check, no console errors, and the diary without a
/// connection: saved on the device, still there after a reload offline, sent exactly once when the connection returns,
/// a problem the server finds shown with the answers kept, and everything removed from the device at sign-out.
/// </summary>
public sealed class OfflineAppTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); // the demo journey's zone

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, London).DateTime);

    private async Task<Guid> PatientWithEmptyDiaryAsync(string email)
    {
        var patient = await site.CreatePatientInWeekAsync(email, "Olive Offline", week: 2);
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().DiaryEntries.Where(e => e.PatientId == patient.Id).ExecuteDeleteAsync();
        return patient.Id;
    }

    private async Task<List<DiaryEntry>> EntriesAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().DiaryEntries.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync();
    }

    /// <summary>Signs in and opens today's diary once the service worker controls the page and the empty form is kept on the device.</summary>
    private async Task<IPage> DiaryReadyForOfflineAsync(string email, int width = 360)
    {
        var page = await site.NewPageAsync(width);
        await page.SignInAsync(email, TestPeople.Password);
        await page.GotoAsync("/patient/diary");
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.ReloadAsync(); // now under the service worker's control
        await page.WaitForFunctionAsync("async () => !!navigator.serviceWorker.controller && !!(await caches.match('/patient/diary/offline'))",
            null, new() { PollingInterval = 200 });
        return page;
    }

    /// <summary>
    /// Runs an expectation about a page loaded offline; when it fails, the failure also says what the page and the
    /// device held (the page shown, whether the service worker controlled it, the pages in each cache, the entries
    /// waiting), so a rare failure on a loaded machine can be told apart from a real fault.
    /// </summary>
    private static async Task WithDeviceStateOnFailureAsync(IPage page, Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (Exception failure)
        {
            string state;
            try
            {
                state = await page.EvaluateAsync<string>("""
                    async () => JSON.stringify({
                        url: location.href, title: document.title, onLine: navigator.onLine,
                        controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
                        caches: await Promise.all((await caches.keys()).map(async name => [name,
                            (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname).filter(p => !/^\/(css|js|lib|icons)\//.test(p))])),
                        waiting: typeof CbtDevice === "undefined" ? null : (await CbtDevice.entries()).length,
                    })
                    """);
            }
            catch (PlaywrightException unreadable)
            {
                state = $"unreadable: {unreadable.Message}";
            }
            throw new InvalidOperationException($"{failure.Message}\nThe page and the device then: {state}", failure);
        }
    }

    private static Task<int> DeviceEntriesAsync(IPage page) => page.EvaluateAsync<int>("async () => (await CbtDevice.entries()).length");

    [Fact]
    public async Task Site_RegistersItsServiceWorker_AndChromiumFindsItInstallable_WithNoConsoleErrors()
    {
        await site.CreatePatientInWeekAsync("install@example.org", "Ida Install", week: 2);
        // A profile on disk: Chromium offers no install in an incognito-like context, which is what a new context is.
        var profile = Directory.CreateTempSubdirectory("cbt-install-");
        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = BrowserSite.ChromiumPath, Headless = true, BaseURL = site.BaseUrl,
            ViewportSize = new ViewportSize { Width = 360, Height = 800 },
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");

        await page.GotoAsync("/");
        var scope = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).scope");
        await page.ReloadAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var installability = await cdp.SendAsync("Page.getInstallabilityErrors");
        var manifest = await cdp.SendAsync("Page.getAppManifest");
        foreach (var path in new[] { "/account/sign-in", "/crisis", "/offline" })
            await page.GotoAsync(path);
        await page.SignInAsync("install@example.org", TestPeople.Password);
        foreach (var path in new[] { "/patient", "/patient/diary", "/patient/progress", "/patient/schedule", "/patient/modules/2" })
            await page.GotoAsync(path);
        var favicon = await page.APIRequest.GetAsync("/favicon.ico");

        Assert.Equal(site.BaseUrl + "/", scope);
        Assert.Equal("[]", installability!.Value.GetProperty("installabilityErrors").GetRawText());
        Assert.Empty(manifest!.Value.GetProperty("errors").EnumerateArray());
        Assert.Equal(200, favicon.Status);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DiarySavedOffline_WaitsOnTheDevice_SurvivesAReloadOffline_AndReachesTheDatabaseOnceWhenBackOnline()
    {
        var patientId = await PatientWithEmptyDiaryAsync("offline-diary@example.org");
        var page = await DiaryReadyForOfflineAsync("offline-diary@example.org");

        await page.Context.SetOfflineAsync(true);
        await page.Locator("label[for=headache-no]").ClickAsync();
        await page.GetByLabel("Your mood today").SelectOptionAsync("6");
        await page.GetByLabel("Anything else about today").FillAsync("Typed on the train with no signal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Waiting to send.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#device-waiting")).ToHaveTextAsync("1 diary entry waiting to send");
        await page.ReloadAsync();
        await WithDeviceStateOnFailureAsync(page, () => Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your diary for today" })).ToBeVisibleAsync());
        await Assertions.Expect(page.GetByText("Waiting to send.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Anything else about today")).ToHaveValueAsync("Typed on the train with no signal");
        await page.CheckAndCaptureAsync("offline-diary-waiting");
        Assert.Empty(await EntriesAsync(patientId));

        await page.Context.SetOfflineAsync(false);

        await Assertions.Expect(page.GetByText("Sent. Your diary for today is saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#device-waiting")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await page.EvaluateAsync("() => CbtDevice.sendAll()");
        var entry = Assert.Single(await EntriesAsync(patientId));
        Assert.Equal((Today, "Typed on the train with no signal", 6), (entry.Date, entry.Note, entry.Mood));
        Assert.NotNull(entry.SubmissionKey);
        Assert.Equal(0, await DeviceEntriesAsync(page));
    }

    [Fact]
    public async Task ProblemFoundWhenSending_IsShownWithTheAnswersKept_UntilThePatientFixesIt()
    {
        var patientId = await PatientWithEmptyDiaryAsync("offline-problem@example.org");
        var page = await DiaryReadyForOfflineAsync("offline-problem@example.org");
        await page.GotoAsync($"/patient/diary/{Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");

        await page.Context.SetOfflineAsync(true);
        await page.Locator("label[for=headache-yes]").ClickAsync();
        await page.GetByLabel("Your mood today").SelectOptionAsync("3");
        await page.GetByLabel("Anything else about today").FillAsync("Forgot how bad it was");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Waiting to send.")).ToBeVisibleAsync();
        await page.Context.SetOfflineAsync(false);

        await Assertions.Expect(page.GetByText("We couldn't save this entry yet:")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".device-status li")).ToHaveTextAsync("Choose how bad the headache was at its worst, from 0 to 10.");
        await Assertions.Expect(page.Locator("#device-waiting")).ToHaveTextAsync("A diary entry needs you");
        await Assertions.Expect(page.GetByLabel("Anything else about today")).ToHaveValueAsync("Forgot how bad it was");
        await page.CheckAndCaptureAsync("offline-diary-problem");
        Assert.Empty(await EntriesAsync(patientId));

        await page.GetByLabel("At its worst (0 to 10)").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Sent. Your diary for yesterday is saved.")).ToBeVisibleAsync();
        var entry = Assert.Single(await EntriesAsync(patientId));
        Assert.Equal((4, "Forgot how bad it was"), (entry.PeakIntensity, entry.Note));
    }

    [Fact]
    public async Task SigningOut_RemovesTheDevicesStore_AndTheKeptDiaryForm()
    {
        await PatientWithEmptyDiaryAsync("offline-signout@example.org");
        var page = await DiaryReadyForOfflineAsync("offline-signout@example.org", width: 1280);
        await page.Context.SetOfflineAsync(true);
        await page.Locator("label[for=headache-yes]").ClickAsync(); // no "how bad": the site will refuse it, so it stays
        await page.GetByLabel("Your mood today").SelectOptionAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.GetByText("We couldn't save this entry yet:")).ToBeVisibleAsync();
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/signed-out$"));
        Assert.Contains("has not been sent yet", asked);
        var stores = await page.EvaluateAsync<JsonElement>(
            "async () => ({ databases: (await indexedDB.databases()).map(d => d.name), caches: await caches.keys() })");
        Assert.DoesNotContain("cbt-device", stores.GetProperty("databases").EnumerateArray().Select(d => d.GetString()));
        Assert.DoesNotContain("cbt-patient", stores.GetProperty("caches").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task AfterASessionEnds_UnsentEntriesWaitForTheirOwner_ButADifferentPersonSigningInStartsWithAnEmptyDevice()
    {
        await PatientWithEmptyDiaryAsync("offline-first@example.org");
        await PatientWithEmptyDiaryAsync("offline-second@example.org");
        var page = await DiaryReadyForOfflineAsync("offline-first@example.org", width: 1280);
        await page.Context.SetOfflineAsync(true);
        await page.Locator("label[for=headache-yes]").ClickAsync(); // refused when sent, so it stays on the device
        await page.GetByLabel("Your mood today").SelectOptionAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.GetByText("We couldn't save this entry yet:")).ToBeVisibleAsync();

        await page.Context.ClearCookiesAsync(); // the session ends without signing out
        await page.GotoAsync("/account/sign-in");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var keptForTheOwner = await DeviceEntriesAsync(page);
        await page.SignInAsync("offline-second@example.org", TestPeople.Password);
        await page.GotoAsync("/patient/diary");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(1, keptForTheOwner);
        Assert.Equal(0, await DeviceEntriesAsync(page));
        await Assertions.Expect(page.Locator("#device-waiting")).ToHaveCountAsync(0);
    }
}
