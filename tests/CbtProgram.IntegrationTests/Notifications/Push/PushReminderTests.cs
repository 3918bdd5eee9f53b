using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Notifications.Push;
using CbtProgram.Web.Scheduling;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Notifications.Push;

/// <summary>
/// Push reminders end to end against a real Web Push service on this machine (web-push-testing: it checks each push's
/// VAPID signature and decrypts it): the patient's choice per kind, quiet hours on a fake clock, expired devices, and
/// the outbox's exactly-once rule.
/// </summary>
public sealed class PushReminderTests : IAsyncLifetime
{
    // Monday 1 March 2027, 09:00 UTC; London is on GMT. Week 1 opens on Tuesday 2 March at 18:30.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();
    private WebPushTestServer _push = null!;

    public async Task InitializeAsync()
    {
        _push = await WebPushTestServer.StartAsync();
        await _site.WithSetting("Jobs:RunServer", "false")
            .WithSetting("Push:AllowHttpEndpoints", "true")
            .WithSetting("Push:PushServiceHosts:0", "localhost")
            .WithClock(_clock)
            .InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _push.DisposeAsync();
    }

    [Fact]
    public async Task SessionOpening_WithNotificationsChosen_SendsOneEncryptedSignedPush_AndNoEmail_EvenWhenRunAgain()
    {
        var (patient, enrolmentId) = await EnrolAsync("push-only@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Push);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(1, await DeliverPushAsync());
        Assert.Equal(0, await DeliverPushAsync()); // a retried run
        _clock.Advance(TimeSpan.FromHours(1)); // past any delivery run's lease
        Assert.Equal(0, await DeliverPushAsync());
        Assert.False(await DispatchAsync(week1.Id)); // a retried event

        var message = Assert.Single(await _push.MessagesAsync(device));
        Assert.Contains("Week 1 is ready", message, StringComparison.Ordinal);
        Assert.Contains("/patient/modules/1", message, StringComparison.Ordinal);
        foreach (var clinical in new[] { "headache", "mood", "PHQ", "medic", "depress", "score" })
            Assert.DoesNotContain(clinical, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await EmailsAsync(week1.Id));
        Assert.NotNull((await DeviceAsync(patient.Id))?.LastSuccessAt);
    }

    [Fact]
    public async Task SessionOpening_WithEmailChosen_SendsNoPush()
    {
        var (patient, enrolmentId) = await EnrolAsync("email-only@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Email);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(0, await DeliverPushAsync());
        Assert.Empty(await _push.MessagesAsync(device));
        Assert.Equal(1, await EmailsAsync(week1.Id));
    }

    [Fact]
    public async Task SessionOpening_ByDefault_IsEmailOnly_AsBefore()
    {
        var (patient, enrolmentId) = await EnrolAsync("default@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(0, await DeliverPushAsync());
        Assert.Empty(await _push.MessagesAsync(device));
        Assert.Equal(1, await EmailsAsync(week1.Id));
    }

    [Fact]
    public async Task SessionOpening_WithBothChosen_SendsOneEmailAndOnePushToEachDevice()
    {
        var (patient, enrolmentId) = await EnrolAsync("both@example.org");
        var phone = await TurnOnDeviceAsync(patient.Id);
        var laptop = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Both);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(2, await DeliverPushAsync());
        Assert.Single(await _push.MessagesAsync(phone));
        Assert.Single(await _push.MessagesAsync(laptop));
        Assert.Equal(1, await EmailsAsync(week1.Id));
    }

    [Fact]
    public async Task NotificationsChosen_ButNoDeviceOn_FallsBackToEmail()
    {
        var (patient, enrolmentId) = await EnrolAsync("no-device@example.org");
        await ChooseAsync(patient.Id, ReminderChannels.Push);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(1, await EmailsAsync(week1.Id));
    }

    [Fact]
    public async Task PushDueInQuietHours_WaitsUntilTheyEnd_NeverAt3am()
    {
        var (patient, enrolmentId) = await EnrolAsync("quiet@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        // Quiet from 18:00 to 07:30 London time: week 1 opens at 18:30, inside it.
        await ChooseAsync(patient.Id, ReminderChannels.Both, new QuietHours(new TimeOnly(18, 0), new TimeOnly(7, 30)));
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(0, await DeliverPushAsync());
        Assert.Equal(1, await EmailsAsync(week1.Id)); // email is not held
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await DeliverPushAsync());
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 7, 29, 0, TimeSpan.Zero));
        Assert.Equal(0, await DeliverPushAsync());
        Assert.Empty(await _push.MessagesAsync(device));

        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 7, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await DeliverPushAsync());
        Assert.Single(await _push.MessagesAsync(device));
    }

    [Fact]
    public async Task QuietHoursChosenAfterThePushWasQueued_StillHoldIt()
    {
        var (patient, enrolmentId) = await EnrolAsync("quiet-later@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Push, QuietHours.None);
        await OpenWeek1Async(enrolmentId);
        await ChooseAsync(patient.Id, ReminderChannels.Push, new QuietHours(new TimeOnly(18, 0), new TimeOnly(8, 0)));

        Assert.Equal(0, await DeliverPushAsync());
        Assert.Empty(await _push.MessagesAsync(device));
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await DeliverPushAsync());
    }

    [Fact]
    public async Task ExpiredSubscription_IsRemoved_WithTheDevice()
    {
        var (patient, enrolmentId) = await EnrolAsync("expired@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Push);
        await _push.ExpireAsync(device);
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(0, await DeliverPushAsync());

        Assert.Null(await DeviceAsync(patient.Id));
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Key.StartsWith($"event:{week1.Id}:patient:push")));
        Assert.Empty(await _push.MessagesAsync(device));
    }

    [Fact]
    public async Task PushServiceOutOfReach_IsRetriedWithTheOutboxBackoff_AndKeepsTheDevice()
    {
        var (patient, enrolmentId) = await EnrolAsync("unreachable@example.org");
        await using var away = await WebPushTestServer.StartAsync();
        var device = await TurnOnDeviceAsync(patient.Id, away);
        await ChooseAsync(patient.Id, ReminderChannels.Push);
        await away.DisposeAsync(); // the push service goes away
        var week1 = await OpenWeek1Async(enrolmentId);

        Assert.Equal(0, await DeliverPushAsync());

        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var message = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking()
                .SingleAsync(m => m.Key.StartsWith($"event:{week1.Id}:patient:push"));
            Assert.Null(message.SentAt);
            Assert.Equal(1, message.Attempts);
            Assert.NotNull(message.LastError);
            Assert.True(message.NextAttemptAt >= _clock.GetUtcNow() + DeliveryBackoff.MessageFirstStep / 2);
        }
        Assert.NotNull(await DeviceAsync(patient.Id)); // only a 404 or 410 removes a device
        Assert.Equal(0, await DeliverPushAsync()); // not before its backoff
        Assert.Equal(1, await AttemptsAsync(week1.Id));
        Assert.NotNull(device);
    }

    [Fact]
    public async Task MessageFromTheTherapist_GoesAsAPush_WhenChosen()
    {
        var (patient, _) = await EnrolAsync("message-push@example.org");
        var device = await TurnOnDeviceAsync(patient.Id);
        await ChooseAsync(patient.Id, ReminderChannels.Push);
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var therapist = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Conversations>().SendFromStaffAsync(patient.Id, therapist, "How did the week go?"));
        }

        Assert.Equal(1, await DeliverPushAsync());
        var message = Assert.Single(await _push.MessagesAsync(device));
        Assert.Contains("new message", message, StringComparison.Ordinal);
        Assert.DoesNotContain("How did the week go", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VapidKeys_MadeByManyNodesAtOnce_AreOnePair()
    {
        await ForgetStartUpKeysAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => new VapidKeyStore(_site.Services.GetRequiredService<IServiceScopeFactory>(),
            _site.Services.GetRequiredService<IDataProtectionProvider>(), _clock)).ToList();
        using var start = new Barrier(stores.Count);
        var keys = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await store.GetAsync();
        })));

        Assert.Single(keys.Distinct());
        await using var scope = _site.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().VapidKeyPairs.AsNoTracking().SingleAsync();
        Assert.Equal(keys[0].PublicKey, row.PublicKey);
        Assert.DoesNotContain(keys[0].PrivateKey, row.SealedPrivateKey, StringComparison.Ordinal);
        stores.ForEach(store => store.Dispose());
    }

    [Fact]
    public async Task VapidKeys_WhenAnotherNodeStoresThePairFirst_ThisNodeUsesTheirs()
    {
        // Another node has inserted the row but not yet committed: this node reads nothing, makes its own pair, and its
        // insert waits on the other's; when the other commits, this node must use the stored pair, not fail or differ.
        await ForgetStartUpKeysAsync();
        var (theirs, theirPrivate) = VapidKeyStore.Generate();
        var sealedKey = _site.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CbtProgram.Push.VapidPrivateKey.v1").Protect(theirPrivate);
        await using var other = new Npgsql.NpgsqlConnection(_site.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand("""INSERT INTO vapid_keys ("Id", "PublicKey", "SealedPrivateKey", "CreatedAt") VALUES (1, @key, @sealed, now())""", other, transaction))
        {
            insert.Parameters.AddWithValue("key", theirs);
            insert.Parameters.AddWithValue("sealed", sealedKey);
            await insert.ExecuteNonQueryAsync();
        }
        using var store = new VapidKeyStore(_site.Services.GetRequiredService<IServiceScopeFactory>(), _site.Services.GetRequiredService<IDataProtectionProvider>(), _clock);

        var ours = store.GetAsync();
        await WaitForLockWaitAsync();
        await transaction.CommitAsync();

        Assert.Equal(new VapidKeys(theirs, theirPrivate), await ours);
    }

    /// <summary>A database no node has started on yet: the site made its pair at start-up, so these tests take it away.</summary>
    private async Task ForgetStartUpKeysAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().VapidKeyPairs.ExecuteDeleteAsync();
    }

    /// <summary>Until some session of this database waits on a lock (the store's insert behind the other node's).</summary>
    private async Task WaitForLockWaitAsync()
    {
        await using var watch = new Npgsql.NpgsqlConnection(_site.ConnectionString);
        await watch.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            await using var query = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watch);
            if ((long)(await query.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The store's insert never waited on the other node's.");
    }

    private async Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email)
    {
        var patient = await _site.CreatePatientAsync(email, "Push Patient");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>()
            .StoreAsync(patient, new SessionPreferences("Europe/London", DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));
        return (patient, enrolment.Id);
    }

    private async Task<TestPushSubscription> TurnOnDeviceAsync(Guid patientId, WebPushTestServer? service = null)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<VapidKeyStore>().GetAsync();
        var subscription = await (service ?? _push).SubscribeAsync(keys.PublicKey);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<PushDevices>()
            .AddAsync(patientId, subscription.Endpoint, subscription.P256dh, subscription.Auth, "Mozilla/5.0 (Linux; Android 14) Chrome/131.0"));
        return subscription;
    }

    private async Task ChooseAsync(Guid patientId, ReminderChannels channels, QuietHours? quiet = null)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var preferences = await db.ReminderPreferences.SingleOrDefaultAsync(p => p.PatientId == patientId);
        if (preferences is null)
            db.ReminderPreferences.Add(preferences = new ReminderPreferences(patientId));
        preferences.Choose(ReminderKinds.All.ToDictionary(k => k.Id, _ => channels), quiet ?? ReminderPreferences.DefaultQuiet);
        await db.SaveChangesAsync();
    }

    private async Task<ScheduledEvent> OpenWeek1Async(Guid enrolmentId)
    {
        ScheduledEvent week1;
        await using (var scope = _site.Services.CreateAsyncScope())
            week1 = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
                .SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1);
        _clock.SetUtcNow(week1.DueAt);
        Assert.True(await DispatchAsync(week1.Id));
        return week1;
    }

    private async Task<bool> DispatchAsync(Guid eventId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(eventId);
    }

    private async Task<int> DeliverPushAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PushDelivery>().DeliverPendingAsync();
    }

    private async Task<int> EmailsAsync(Guid eventId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .CountAsync(m => m.Key == $"event:{eventId}:patient:email" && m.Channel == OutboxChannel.Email);
    }

    private async Task<int> AttemptsAsync(Guid eventId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.Key.StartsWith($"event:{eventId}:patient:push")).SumAsync(m => m.Attempts);
    }

    private async Task<PushDevice?> DeviceAsync(Guid patientId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().PushDevices.AsNoTracking().SingleOrDefaultAsync(d => d.PatientId == patientId);
    }
}
