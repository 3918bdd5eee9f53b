using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey.Audio;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests.Audio;

/// <summary>
/// "Read aloud" on guided exercises in Chromium: the page's calls to speechSynthesis are recorded by <see cref="SpeechSpy"/>,
/// and the timer's clock is Playwright's, so a 40-second phase passes in a moment.
/// </summary>
public sealed class ReadAloudTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const int Phone = 360;
    private const string Breathing = "/patient/modules/2/steps/breathing";
    private const string Relaxation = "/patient/modules/2/steps/pmr";

    [Fact]
    public async Task ReadAloud_SpeaksEachPhasesScript_WhenTheTimerReachesIt_AndPausesWithTheTimer()
    {
        await site.CreatePatientInWeekAsync("aloud-timer@example.org", "Ada Aloud", week: 3);
        var phases = await PhasesAsync("breathing");
        var page = await site.NewPageAsync(Phone);
        await SpeechSpy.InstallAsync(page);
        await page.Clock.InstallAsync();
        await page.SignInAsync("aloud-timer@example.org", TestPeople.Password);
        await page.GotoAsync(Breathing);

        await page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await page.Clock.RunForAsync(1_000);
        Assert.Equal([phases[0].Script], await SpeechSpy.SpokenAsync(page));
        var first = (await SpeechSpy.CallsAsync(page)).Single(c => c.Kind == "speak");
        Assert.Equal((SpeechSpy.DeviceVoice, 0.9), (first.Voice, first.Rate));

        // Nothing more until the first phase's time is up; then the second phase's script, at its start.
        await page.Clock.RunForAsync((phases[0].Seconds - 3) * 1000);
        Assert.Single(await SpeechSpy.SpokenAsync(page));
        await page.Clock.RunForAsync(4_000);
        await Assertions.Expect(page.Locator("[data-phase-name]")).ToHaveTextAsync(phases[1].Name);
        await page.Clock.RunForAsync(1_500);
        Assert.Equal([phases[0].Script, phases[1].Script], await SpeechSpy.SpokenAsync(page));

        // Pausing the timer pauses the voice; a minute paused moves nothing on; resuming carries on where it was.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        Assert.Equal("pause", (await SpeechSpy.CallsAsync(page))[^1].Kind);
        await page.Clock.RunForAsync(60_000);
        await Assertions.Expect(page.Locator("[data-phase-name]")).ToHaveTextAsync(phases[1].Name);
        Assert.Equal(2, (await SpeechSpy.SpokenAsync(page)).Count);
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        Assert.Equal("resume", (await SpeechSpy.CallsAsync(page))[^1].Kind);

        // Every other phase is read at its start, the earlier voice stopped first.
        for (var i = 2; i < phases.Count; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Next phase" }).ClickAsync();
            await page.Clock.RunForAsync(1_000);
            var calls = await SpeechSpy.CallsAsync(page);
            Assert.Equal(phases[i].Script, calls[^1].Text);
            Assert.Equal("cancel", calls[^2].Kind);
        }
        Assert.Equal(phases.Select(p => p.Script), await SpeechSpy.SpokenAsync(page));
        await page.CheckAndCaptureAsync("patient-exercise-read-aloud");
    }

    [Fact]
    public async Task ReadAloudChoices_AreRememberedAcrossAReload_AndANewSignIn()
    {
        const string email = "aloud-remember@example.org";
        await site.CreatePatientInWeekAsync(email, "Rory Remember", week: 3);
        var page = await site.NewPageAsync(Phone);
        await SpeechSpy.InstallAsync(page);
        await page.SignInAsync(email, TestPeople.Password);
        await page.GotoAsync(Breathing);

        await SavedAsync(page, () => page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" }).CheckAsync());
        await SavedAsync(page, () => page.GetByLabel("Voice").SelectOptionAsync(SpeechSpy.OtherVoice));
        await SavedAsync(page, () => page.GetByLabel("Speed").SelectOptionAsync("80"));
        await SavedAsync(page, () => page.GetByLabel("A soft sound at the start and end of each part").UncheckAsync());

        await page.ReloadAsync();
        await ExpectChoicesAsync(page);

        var laptop = await site.NewPageAsync(1280);
        await SpeechSpy.InstallAsync(laptop);
        await laptop.SignInAsync(email, TestPeople.Password);
        await laptop.GotoAsync(Breathing);
        await ExpectChoicesAsync(laptop);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await EventuallyAsync(async () => (await SpeechSpy.SpokenAsync(laptop)).Count >= 1);
        var spoken = (await SpeechSpy.CallsAsync(laptop)).First(c => c.Kind == "speak");
        Assert.Equal((SpeechSpy.OtherVoice, 0.8, 1.0), (spoken.Voice, spoken.Rate, spoken.Volume));

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Set<ReadAloudPreference>().SingleAsync(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email));
        Assert.Equal((true, SpeechSpy.OtherVoice, 80, false), (row.On, row.Voice, row.SpeedPercent, row.Sounds));
    }

    [Fact]
    public async Task InLowStimulusMode_TheVoiceIsQuieterAndSlower()
    {
        await site.CreatePatientInWeekAsync("aloud-calm@example.org", "Lou Lowlight", week: 3);
        var page = await site.NewPageAsync(Phone);
        await SpeechSpy.InstallAsync(page);
        await page.SignInAsync("aloud-calm@example.org", TestPeople.Password);
        await page.GotoAsync(Breathing);
        await page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" }).ClickAsync();
        await page.GetByLabel("Speed").SelectOptionAsync("100");

        await page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await EventuallyAsync(async () => (await SpeechSpy.SpokenAsync(page)).Count >= 1);
        var spoken = (await SpeechSpy.CallsAsync(page)).First(c => c.Kind == "speak");
        Assert.Equal((0.85, 0.6), (spoken.Rate, spoken.Volume));
        await page.CheckAndCaptureAsync("patient-exercise-read-aloud-low-stimulus");
    }

    [Fact]
    public async Task WithoutAVoice_TheSwitchSaysSo_AndTheWordsStay()
    {
        await site.CreatePatientInWeekAsync("aloud-mute@example.org", "Moss Mute", week: 3);
        var page = await site.NewPageAsync(Phone);
        await SpeechSpy.InstallAsync(page, withVoices: false);
        await page.SignInAsync("aloud-mute@example.org", TestPeople.Password);
        await page.GotoAsync(Breathing);

        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" });
        await Assertions.Expect(toggle).ToBeDisabledAsync();
        await Assertions.Expect(toggle).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("has no voice to read with"));
        await Assertions.Expect(page.GetByText((await PhasesAsync("breathing"))[0].Script)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-phase-name]")).ToHaveTextAsync("Settle in");
        Assert.Empty(await SpeechSpy.SpokenAsync(page));
        await page.CheckAndCaptureAsync("patient-exercise-no-voice");
    }

    [Fact]
    public async Task ClinicRecording_PlaysInsteadOfSpeech_AndPausesWithTheTimer()
    {
        await site.CreatePatientInWeekAsync("aloud-recorded@example.org", "Reese Recorded", week: 3);
        var phases = await PhasesAsync("pmr");
        Assert.Equal("pmr-settle-in.mp3", phases[0].Audio);
        var page = await site.NewPageAsync(Phone);
        await SpeechSpy.InstallAsync(page);
        await page.SignInAsync("aloud-recorded@example.org", TestPeople.Password);
        await page.GotoAsync(Relaxation);

        await page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        var player = page.Locator("audio[data-clinic-audio]");
        await EventuallyAsync(async () => await player.EvaluateAsync<double>("a => a.currentTime") > 0.3);
        Assert.EndsWith("/audio/pmr-settle-in.mp3", await player.EvaluateAsync<string>("a => a.currentSrc"));
        Assert.Empty(await SpeechSpy.SpokenAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        Assert.True(await player.EvaluateAsync<bool>("a => a.paused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        Assert.False(await player.EvaluateAsync<bool>("a => a.paused"));

        // The next phase has no recording: the recording stops and the voice reads it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Next phase" }).ClickAsync();
        await EventuallyAsync(async () => (await SpeechSpy.SpokenAsync(page)).Count >= 1);
        Assert.Equal([phases[1].Script], await SpeechSpy.SpokenAsync(page));
        Assert.True(await player.EvaluateAsync<bool>("a => a.paused"));
    }

    [Fact]
    public async Task ClinicRecording_IsServedWithItsContentType_AndInRanges_ToSignedInPeopleOnly()
    {
        var visitor = await site.NewPageAsync(Phone);
        var anonymous = await visitor.Context.APIRequest.GetAsync("/audio/pmr-settle-in.mp3", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, anonymous.Status);

        await visitor.SignInAsync("patient@example.org");
        var whole = await visitor.Context.APIRequest.GetAsync("/audio/pmr-settle-in.mp3");
        Assert.Equal((200, "audio/mpeg"), (whole.Status, whole.Headers["content-type"]));
        Assert.InRange((await whole.BodyAsync()).Length, 10_000, 300_000);
        var part = await visitor.Context.APIRequest.GetAsync("/audio/pmr-settle-in.mp3", new() { Headers = new Dictionary<string, string> { ["Range"] = "bytes=100-199" } });
        Assert.Equal(206, part.Status);
        Assert.StartsWith("bytes 100-199/", part.Headers["content-range"]);
        Assert.Equal(100, (await part.BodyAsync()).Length);
        Assert.Equal(404, (await visitor.Context.APIRequest.GetAsync("/audio/..%2Fprogram.yaml")).Status);
        Assert.Equal(404, (await visitor.Context.APIRequest.GetAsync("/audio/missing.mp3")).Status);
    }

    private async Task<IReadOnlyList<ExercisePhase>> PhasesAsync(string step)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var week2 = await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionAsync(2);
        return week2!.Content.FindStep(step)!.Phases;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var tries = 0; !await condition(); tries++)
        {
            Assert.True(tries < 150, "The page did not get there within 15 seconds.");
            await Task.Delay(100);
        }
    }

    private static async Task SavedAsync(IPage page, Func<Task> change)
    {
        var saved = page.WaitForResponseAsync(r => r.Url.EndsWith("/patient/read-aloud", StringComparison.Ordinal) && r.Status == 204);
        await change();
        await saved;
    }

    private static async Task ExpectChoicesAsync(IPage page)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Read aloud" })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Voice")).ToHaveValueAsync(SpeechSpy.OtherVoice);
        await Assertions.Expect(page.GetByLabel("Speed")).ToHaveValueAsync("80");
        await Assertions.Expect(page.GetByLabel("A soft sound at the start and end of each part")).Not.ToBeCheckedAsync();
    }
}
