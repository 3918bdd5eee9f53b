using System.Diagnostics;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The site as separate operating-system processes on one database: two nodes sharing the work, and a node killed
/// outright while it is half-way through dispatching an event. Email goes to a real SMTP listener in this process.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SeveralProcessesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SmtpListener _smtp = new SmtpListener().Start();
    private readonly CbtWebApplicationFactory _site = new();

    public async Task InitializeAsync()
    {
        await _site.WithSetting("Jobs:RunServer", "false")
            .WithSetting("Mail:SmtpHost", "127.0.0.1")
            .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .InitializeAsync();
        _ = _site.Services; // starts the site: migrations, roles, curriculum, demo accounts
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>Another node: the site built as this test run was, with its own Hangfire server, emailing the test's SMTP listener.</summary>
    private Task<SiteProcess> StartNodeAsync() =>
        SiteProcess.StartAsync(_site.ConnectionString,
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug",
            new Dictionary<string, string>
            {
                ["Jobs__RunServer"] = "true",
                ["Jobs__WorkerCount"] = "4",
                ["Mail__SmtpHost"] = "127.0.0.1",
                ["Mail__SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    /// <summary>Enrols a patient whose week 1 opens at the given instant (in UTC), planned into Hangfire at once.</summary>
    private async Task<(Patient Patient, Guid Week1)> EnrolOpeningAtAsync(string email, DateTimeOffset due)
    {
        var patient = await _site.CreatePatientAsync(email, "Noel Node");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient,
            new SessionPreferences("Africa/Abidjan", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
        var week1 = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents
            .SingleAsync(e => e.EnrolmentId == enrolment.Id && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1);
        return (patient, week1.Id);
    }

    private IReadOnlyList<string> WeekOneEmails() => _smtp.Messages.Where(m => m.Contains("Week 1 is ready", StringComparison.Ordinal)).ToList();

    private static DateTimeOffset WholeSecondsFromNow(int seconds)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(seconds);
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    [Fact]
    public async Task TwoSiteProcessesOnOneDatabase_DeliverEachEventOnce()
    {
        const int patients = 30;
        var nodes = await Task.WhenAll(StartNodeAsync(), StartNodeAsync());
        await using var first = nodes[0];
        await using var second = nodes[1];
        var due = WholeSecondsFromNow(6);
        var events = new List<Guid>();
        for (var i = 0; i < patients; i++)
            events.Add((await EnrolOpeningAtAsync($"node-{i}@example.org", due)).Week1);

        var watch = Stopwatch.StartNew();
        while (WeekOneEmails().Count < patients && watch.Elapsed < TimeSpan.FromSeconds(90))
            await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for any duplicate to arrive

        var emails = WeekOneEmails();
        Assert.Equal(patients, emails.Count);
        for (var i = 0; i < patients; i++)
            Assert.Single(emails, m => m.Contains($"node-{i}@example.org", StringComparison.Ordinal));
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(patients, await db.ScheduledEvents.CountAsync(e => events.Contains(e.Id) && e.Status == ScheduledEventStatus.Done));
        var servers = await db.Database.SqlQueryRaw<string>("""
            SELECT DISTINCT s.data::json->>'ServerId' AS "Value" FROM hangfire.state s
            JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing' AND j.invocationdata::text LIKE '%EventDispatchJob%'
            """).ToListAsync();
        output.WriteLine($"{patients} events due at the same second were run by {servers.Count} node(s): {string.Join(", ", servers)}");
    }

    [Fact]
    public async Task ADispatcherKilledMidWork_LeavesNothingHalfDone_AndTheRerunSendsOneEmail()
    {
        await using var node = await StartNodeAsync();
        var (patient, week1) = await EnrolOpeningAtAsync("killed@example.org", WholeSecondsFromNow(3));
        var emailKey = $"event:{week1}:patient:email";

        // Hold the email's outbox key in an open transaction, so the node's dispatcher blocks half-way: after it has
        // locked the event and opened the module, before it can commit. Then kill the node outright.
        await using (var blocker = new NpgsqlConnection(_site.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO outbox_messages ("Id", "Key", "To", "Subject", "Body", "CreatedAt", "Attempts")
                VALUES (gen_random_uuid(), @key, 'blocker@example.org', 'x', 'x', now(), 0)
                """, blocker, transaction))
            {
                insert.Parameters.AddWithValue("key", emailKey);
                await insert.ExecuteNonQueryAsync();
            }
            var waitingBackend = await WaitForBackendBlockedOnOutboxAsync();
            Assert.True(waitingBackend is not null, $"the node's dispatcher never reached the email:\n{node.Output}");

            await node.KillAsync();
            await transaction.RollbackAsync();
            await WaitForBackendToEndAsync(waitingBackend.Value);
        }

        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var halfDone = await db.ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == week1);
            Assert.NotEqual(ScheduledEventStatus.Done, halfDone.Status);
            Assert.False(await db.PatientModules.AnyAsync(m => m.PatientId == patient.Id)); // the opening rolled back with it
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.Key == emailKey));
        }

        // The re-run (a retry, the sweeper, or another node) does the work once; a second re-run does nothing.
        bool first, again;
        await using (var scope = _site.Services.CreateAsyncScope())
            first = await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(week1);
        await using (var scope = _site.Services.CreateAsyncScope())
            again = await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(week1);
        await using (var scope = _site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Outbox>().DeliverPendingAsync();

        Assert.True(first);
        Assert.False(again);
        var watch = Stopwatch.StartNew();
        while (WeekOneEmails().Count == 0 && watch.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100);
        Assert.Single(WeekOneEmails(), m => m.Contains("killed@example.org", StringComparison.Ordinal));
        await using var check = _site.Services.CreateAsyncScope();
        Assert.True(await check.ServiceProvider.GetRequiredService<AppDbContext>().PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1));
    }

    // pg_stat_activity is read on a connection of its own: inside a transaction it would not change between reads.
    private async Task<int?> WaitForBackendBlockedOnOutboxAsync()
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var find = new NpgsqlCommand("""
                SELECT pid FROM pg_stat_activity
                WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO outbox_messages%'
                LIMIT 1
                """, connection);
            if (await find.ExecuteScalarAsync() is int pid)
                return pid;
            await Task.Delay(100);
        }
        return null;
    }

    private async Task WaitForBackendToEndAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var find = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", connection);
            find.Parameters.AddWithValue("pid", pid);
            if ((long)(await find.ExecuteScalarAsync())! == 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"PostgreSQL backend {pid} of the killed node did not end.");
    }
}
