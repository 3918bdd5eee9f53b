using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications.Push;

namespace CbtProgram.UnitTests.Notifications.Push;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo London = PatientTimeZones.Find("Europe/London");
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    [Theory]
    [InlineData("2027-03-02T20:59:00Z", "2027-03-02T20:59:00Z")] // before they start: now
    [InlineData("2027-03-02T21:00:00Z", "2027-03-03T08:00:00Z")] // from the start: the next morning
    [InlineData("2027-03-03T03:00:00Z", "2027-03-03T08:00:00Z")] // 3 am: this morning
    [InlineData("2027-03-03T08:00:00Z", "2027-03-03T08:00:00Z")] // at the end: now
    public void NextAllowed_AcrossMidnight(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), Night.NextAllowed(DateTimeOffset.Parse(now), London));

    [Fact]
    public void NextAllowed_UsesTheLocalClock_AcrossTheSpringChange()
    {
        // Sunday 28 March 2027: London moves to BST at 01:00 UTC. 23:30 GMT on the Saturday waits until 08:00 BST = 07:00 UTC.
        var next = Night.NextAllowed(new DateTimeOffset(2027, 3, 27, 23, 30, 0, TimeSpan.Zero), London);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 7, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAllowed_WithinOneDay()
    {
        var afternoon = new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0));

        Assert.Equal(new DateTimeOffset(2027, 3, 2, 15, 0, 0, TimeSpan.Zero), afternoon.NextAllowed(new DateTimeOffset(2027, 3, 2, 14, 0, 0, TimeSpan.Zero), London));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 16, 0, 0, TimeSpan.Zero), afternoon.NextAllowed(new DateTimeOffset(2027, 3, 2, 16, 0, 0, TimeSpan.Zero), London));
    }

    [Fact]
    public void None_NeverHolds()
    {
        var threeAm = new DateTimeOffset(2027, 3, 3, 3, 0, 0, TimeSpan.Zero);

        Assert.False(QuietHours.None.IsOn);
        Assert.Equal(threeAm, QuietHours.None.NextAllowed(threeAm, London));
    }

    [Fact]
    public void Preferences_DefaultToEmailAndNightlyQuietHours_AndKeepChoicesPerKind()
    {
        var preferences = new ReminderPreferences(Guid.NewGuid());
        Assert.All(ReminderKinds.All, kind => Assert.Equal(ReminderChannels.Email, preferences.ChannelFor(kind)));
        Assert.Equal(ReminderPreferences.DefaultQuiet, preferences.QuietHours);

        preferences.Choose(new Dictionary<string, ReminderChannels> { ["diary"] = ReminderChannels.Push }, QuietHours.None);

        Assert.Equal(ReminderChannels.Push, preferences.ChannelFor(ReminderKinds.Diary));
        Assert.Equal(ReminderChannels.Email, preferences.ChannelFor(ReminderKinds.Sessions));
        Assert.False(preferences.QuietHours.IsOn);
    }

    [Theory]
    [InlineData(ScheduledEventKind.SessionOpens, "sessions")]
    [InlineData(ScheduledEventKind.ModuleNudge, "sessions")]
    [InlineData(ScheduledEventKind.MidOpens, "questionnaires")]
    [InlineData(ScheduledEventKind.PostReminder, "questionnaires")]
    [InlineData(ScheduledEventKind.FollowUpReminder, "follow-up")]
    public void EachScheduledReminder_BelongsToTheKindThePatientChoosesFor(ScheduledEventKind kind, string expected) =>
        Assert.Equal(expected, ReminderKinds.ForEvent(kind).Id);

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux")]
    [InlineData(null, "A browser")]
    public void DeviceLabels_NameTheBrowserAndSystem(string? userAgent, string expected) => Assert.Equal(expected, DeviceLabels.From(userAgent));

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", true)]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/abc", true)]
    [InlineData("https://evilfcm.googleapis.com.example.org/x", false)]
    [InlineData("http://fcm.googleapis.com/fcm/send/abc", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://localhost/notify/abc", false)]
    public void Subscriptions_OnlyToKnownPushServicesOverHttps(string endpoint, bool accepted)
    {
        var devices = new PushDevices(null!, new PushOptions(), TimeProvider.System);
        var p256dh = Convert.ToBase64String(new byte[65]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var auth = Convert.ToBase64String(new byte[16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(accepted, devices.Problem(endpoint, p256dh, auth) is null);
    }

    [Fact]
    public void Subscriptions_WithKeysOfTheWrongSize_AreRefused()
    {
        var devices = new PushDevices(null!, new PushOptions(), TimeProvider.System);

        Assert.NotNull(devices.Problem("https://fcm.googleapis.com/fcm/send/abc", "AAAA", "AAAAAAAAAAAAAAAAAAAAAA"));
    }

    [Fact]
    public void VapidKeys_AreAP256PairThatLibNetHttpWebPushAccepts()
    {
        var (publicKey, privateKey) = VapidKeyStore.Generate();

        using var authentication = new Lib.Net.Http.WebPush.Authentication.VapidAuthentication(publicKey, privateKey) { Subject = "mailto:clinic@example.org" };
        Assert.StartsWith("t=", authentication.GetVapidSchemeAuthenticationHeaderValueParameter("https://fcm.googleapis.com"), StringComparison.Ordinal);
    }
}
