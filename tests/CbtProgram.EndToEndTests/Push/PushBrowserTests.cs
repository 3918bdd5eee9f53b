using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications.Push;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CbtProgram.EndToEndTests.Push;

/// <summary>The browser site, allowed to send pushes to the local Web Push test service, which it starts.</summary>
public sealed class PushBrowserSite : BrowserSite
{
    public PushBrowserSite()
    {
        WithSetting("Push:AllowHttpEndpoints", "true");
        WithSetting("Push:PushServiceHosts:0", "localhost");
    }

    public WebPushTestServer PushService { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        PushService = await WebPushTestServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (PushService is not null)
            await PushService.DisposeAsync();
    }
}

/// <summary>
/// Turning notifications on and off from the schedule page in headless Chromium, with notifications permitted. Headless
/// Chromium here has no push service to reach (no network), so its own <c>pushManager.subscribe</c> fails; the test
/// says so (it checks that failure first), then gives the page a subscription made on the local Web Push test service,
/// standing in for the browser's, and checks everything the page and the site do with it.
/// </summary>
public sealed class PushBrowserTests(PushBrowserSite site, ITestOutputHelper output) : IClassFixture<PushBrowserSite>
{
    [Fact]
    public async Task Patient_TurnsOnNotificationsFromTheSchedulePage_TheSubscriptionIsStored_AndTurnsThemOff()
    {
        var page = await site.NewPageAsync(360, configure: options => options.Permissions = ["notifications"]);
        await page.SignInAsync("patient@example.org");
        await page.GotoAsync("/patient/schedule");
        await Assertions.Expect(page.GetByText("Notifications are off for this device.")).ToBeVisibleAsync();

        // The browser's own push service is out of reach here.
        var key = (await site.Services.GetRequiredService<VapidKeyStore>().GetAsync()).PublicKey;
        var real = await page.EvaluateAsync<string>("""
            key => navigator.serviceWorker.ready
                .then(r => r.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }))
                .then(s => 'subscribed ' + s.endpoint, e => 'failed: ' + e.name + ' ' + e.message)
            """, key);
        output.WriteLine($"Headless Chromium's own subscribe: {real}");

        var stand = await site.PushService.SubscribeAsync(key);
        await page.EvaluateAsync("""
            s => {
                const bytes = t => Uint8Array.from(atob(t.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((t.length + 3) % 4)), c => c.charCodeAt(0)).buffer;
                let current = null;
                const subscription = { endpoint: s.endpoint, getKey: name => bytes(name === 'p256dh' ? s.p256dh : s.auth), unsubscribe: () => { current = null; window.__unsubscribed = true; return Promise.resolve(true); } };
                PushManager.prototype.subscribe = () => { current = subscription; return Promise.resolve(subscription); };
                PushManager.prototype.getSubscription = () => Promise.resolve(current);
                sessionStorage.setItem('push-stand-in', JSON.stringify(s));
            }
            """, new { endpoint = stand.Endpoint, p256dh = stand.P256dh, auth = stand.Auth });
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on notifications on this device" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Notifications are on for this device. Choose below")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Chrome on Linux", new() { Exact = true })).ToBeVisibleAsync();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var device = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PushDevices.AsNoTracking().SingleAsync(d => d.Endpoint == stand.Endpoint);
            Assert.Equal(stand.P256dh, device.P256dh);
            Assert.Equal(stand.Auth, device.Auth);
            Assert.Equal("Chrome on Linux", device.Label);
        }
        await page.CheckAndCaptureAsync("patient-schedule-push-on");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Both" }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save reminder choices" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your reminder choices are saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Both" }).First).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off notifications on Chrome on Linux" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Notifications are off for that device.")).ToBeVisibleAsync();
        await using (var scope = site.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().PushDevices.AnyAsync(d => d.Endpoint == stand.Endpoint));
    }

    [Fact]
    public async Task ServiceWorker_ShowsThePushedText_WithThePageToOpen()
    {
        var page = await site.NewPageAsync(1280, configure: options => options.Permissions = ["notifications"]);
        await page.SignInAsync("patient@example.org");
        await page.GotoAsync("/patient/schedule");
        await Assertions.Expect(page.GetByText("Notifications are off for this device.")).ToBeVisibleAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var registration = new TaskCompletionSource<string>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, update) =>
        {
            foreach (var entry in update!.Value.GetProperty("registrations").EnumerateArray())
                if (entry.GetProperty("scopeURL").GetString() == site.BaseUrl.TrimEnd('/') + "/" && !entry.GetProperty("isDeleted").GetBoolean())
                    registration.TrySetResult(entry.GetProperty("registrationId").GetString()!);
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var registrationId = await registration.Task.WaitAsync(TimeSpan.FromSeconds(15));
        // A push reaches the active worker: one still installing (a busy machine) would drop it, as a browser does. Ready
        // can resolve while the worker is still activating, so wait for it to finish too.
        await page.EvaluateAsync("""
            async () => {
                const worker = (await navigator.serviceWorker.ready).active;
                if (worker.state !== "activated")
                    await new Promise(resolve => worker.addEventListener("statechange", () => { if (worker.state === "activated") resolve(); }));
            }
            """);

        // CI twice saw no notification within 15 s of a push delivered to an activated worker (the cause is not known:
        // the push is handed to the browser directly, nothing of the site's is involved). A push the browser dropped is
        // delivered again, up to three times; what the worker shows is checked as before.
        string[] shown = [];
        for (var attempt = 0; attempt < 3 && shown.Length == 0; attempt++)
        {
            await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
            {
                ["origin"] = site.BaseUrl.TrimEnd('/'),
                ["registrationId"] = registrationId,
                ["data"] = PatientReminders.Payload(new Reminder(ReminderKinds.Sessions, "test", "Week 3 is ready", "", "Week 3 is ready", "/patient/modules/3")),
            });
            shown = await page.EvaluateAsync<string[]>("""
                async () => {
                    const registration = await navigator.serviceWorker.ready;
                    for (let i = 0; i < 50; i++) {
                        const notifications = await registration.getNotifications();
                        if (notifications.length) return [notifications[0].title, notifications[0].body, notifications[0].data.url];
                        await new Promise(r => setTimeout(r, 100));
                    }
                    return [];
                }
                """);
        }
        Assert.Equal(["CbtProgram", "Week 3 is ready", "/patient/modules/3"], shown);
    }
}
