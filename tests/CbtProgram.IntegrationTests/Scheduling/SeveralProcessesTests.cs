using System.Diagnostics;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;
using Hangfire;
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

    /// <summary>
    /// Another node: the site built as this test run was, with its own Hangfire server, emailing the test's SMTP listener.
    /// A named node connects to PostgreSQL under that application name (so pg_stat_activity tells its backends apart) and
    /// logs each event it dispatches.
    /// </summary>
    private Task<SiteProcess> StartNodeAsync(string? name = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs__RunServer"] = "true",
            ["Jobs__WorkerCount"] = "4",
            ["Mail__SmtpHost"] = "127.0.0.1",
            ["Mail__SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var connectionString = _site.ConnectionString;
        if (name is not null)
        {
            connectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name }.ConnectionString;
            settings["Logging__LogLevel__CbtProgram.Web.Scheduling"] = "Information";
        }
        return SiteProcess.StartAsync(connectionString,
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug",
            settings);
    }

    /// <summary>Enrols a patient whose week 1 opens at the given instant (in UTC), planned into Hangfire at once.</summary>
    private async Task<(Patient Patient, Guid Week1)> EnrolOpeningAtAsync(string email, DateTimeOffset due) =>
        await EnrolOpeningAtAsync(email, due, _ => Task.CompletedTask);

    /// <summary>As above, running <paramref name="enrolled"/> (given the enrolment's id) as soon as the enrolment is stored.</summary>
    private async Task<(Patient Patient, Guid Week1)> EnrolOpeningAtAsync(string email, DateTimeOffset due, Func<Guid, Task> enrolled)
    {
        var patient = await _site.CreatePatientAsync(email, "Noel Node");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient,
            new SessionPreferences("Africa/Abidjan", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
        await enrolled(enrolment.Id);
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

    /// <summary>
    /// Two nodes, and a Hangfire job for every event besides the one the planner made for their second: each patient is still told
    /// once, and both nodes are seen doing real work. Which node's worker takes which job is up to Hangfire, so the test
    /// steers it rather than hope: it holds every enrolment's row lock (as a schedule change would), lets the workers of
    /// both nodes queue up behind them, and releases a row whose first waiter is a node not yet seen dispatching.
    /// PostgreSQL grants a released row to its first waiter, so that node dispatches it. Then it releases the rest.
    /// The nodes' own logs ("Scheduled event {id} (SessionOpens): ...", JSON console) say who dispatched what.
    /// </summary>
    [Fact]
    public async Task TwoSiteProcesses_WithASecondJobForEveryEvent_BothDispatch_AndEachPatientIsToldOnce()
    {
        const int patients = 30;
        string[] names = ["node-a", "node-b"];
        var nodes = await Task.WhenAll(StartNodeAsync(names[0]), StartNodeAsync(names[1]));
        await using var first = nodes[0];
        await using var second = nodes[1];
        var nodeByName = names.Zip(nodes).ToDictionary(pair => pair.First, pair => pair.Second);
        var jobs = _site.Services.GetRequiredService<IBackgroundJobClient>(); // the nodes' job storage
        var holders = new Dictionary<Guid, RowHolder>(); // by week-1 event
        try
        {
            var due = WholeSecondsFromNow(12);
            var lockedBeforeDue = 0;
            for (var i = 0; i < patients; i++)
            {
                RowHolder? holder = null;
                var (_, week1) = await EnrolOpeningAtAsync($"forced-{i}@example.org", due, async enrolmentId => holder = await RowHolder.LockAsync(_site.ConnectionString, enrolmentId));
                holders[week1] = holder!;
                if (DateTimeOffset.UtcNow < due)
                    lockedBeforeDue++;
                jobs.Schedule<EventDispatchJob>(job => job.RunAsync(week1), due);
            }
            var events = holders.Keys.ToList();
            output.WriteLine($"{lockedBeforeDue} of {patients} enrolments locked before their week 1 was due");

            // Steer: until each node has dispatched an event, release a row whose first waiter is a node not yet seen.
            var seen = new Dictionary<string, Guid>();
            var watch = Stopwatch.StartNew();
            var churnAfter = TimeSpan.FromSeconds(5);
            var lastRelease = Stopwatch.StartNew();
            while (seen.Count < names.Length && watch.Elapsed < TimeSpan.FromSeconds(120))
            {
                var waiting = await FirstWaitersAsync(holders.Values.Where(h => !h.Released).ToList());
                var pick = waiting.FirstOrDefault(w => !seen.ContainsKey(w.Node));
                // A node that is only ever second in line behind the other: let the other have a row, which moves both on.
                if (pick.Holder is null && lastRelease.Elapsed > churnAfter)
                    pick = waiting.FirstOrDefault();
                if (pick.Holder is null)
                {
                    await Task.Delay(100);
                    continue;
                }
                await pick.Holder.ReleaseAsync();
                lastRelease.Restart();
                var eventId = holders.Single(h => h.Value == pick.Holder).Key;
                Assert.True(await WaitForDispatchLogAsync(nodeByName[pick.Node], eventId, TimeSpan.FromSeconds(60)),
                    $"{pick.Node} was first in line for event {eventId} but did not log dispatching it:\n{nodeByName[pick.Node].Output}");
                seen.TryAdd(pick.Node, eventId);
                output.WriteLine($"released event {eventId} to {pick.Node}, its first waiter ({watch.Elapsed.TotalSeconds:F1} s)");
            }
            Assert.True(seen.Count == names.Length, $"never saw both nodes waiting first in line; seen: {string.Join(", ", seen.Keys)}");
            foreach (var holder in holders.Values)
                await holder.ReleaseAsync();

            // Settled when every patient has the email, the outbox has sent all, and every dispatch job (planned and
            // forced) has run and come to rest; then each job must have succeeded.
            await using var scope = _site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var keys = events.Select(e => $"event:{e}:patient:email").ToList();
            var settled = false;
            List<DispatchJob> dispatchJobs = [];
            List<string> instantJobs = [];
            while (!settled && watch.Elapsed < TimeSpan.FromSeconds(180))
            {
                dispatchJobs = await DispatchJobsAsync(db, events);
                instantJobs = await InstantJobStatesAsync(db, events);
                settled = WeekOneEmails().Count >= patients
                    && events.All(e => dispatchJobs.Any(j => j.EventId == e))
                    && dispatchJobs.All(j => j.Ran && j.State is not ("Enqueued" or "Processing"))
                    && instantJobs.Count > 0 && instantJobs.All(state => state is not ("Scheduled" or "Enqueued" or "Processing"))
                    && await db.OutboxMessages.CountAsync(m => keys.Contains(m.Key) && m.SentAt != null) == patients;
                if (!settled)
                    await Task.Delay(200);
            }
            Assert.True(settled, $"not settled after {watch.Elapsed.TotalSeconds:F0} s: {WeekOneEmails().Count} emails, " +
                $"{dispatchJobs.Count(j => j.Ran)} of {dispatchJobs.Count} dispatch jobs run; jobs for the second: {string.Join(", ", instantJobs)}; " +
                $"{await db.OutboxMessages.CountAsync(m => keys.Contains(m.Key) && m.SentAt != null)} marked sent");
            Assert.Equal(patients, dispatchJobs.Count);
            Assert.True(dispatchJobs.All(j => j.State == "Succeeded"), "dispatch jobs that did not succeed:\n" +
                string.Join("\n", dispatchJobs.Where(j => j.State != "Succeeded").Select(j => $"{j.EventId}: {j.State} {j.Error}")));
            Assert.All(instantJobs, state => Assert.Equal("Succeeded", state));

            var emails = WeekOneEmails();
            Assert.Equal(patients, emails.Count);
            for (var i = 0; i < patients; i++)
                Assert.Single(emails, m => m.Contains($"forced-{i}@example.org", StringComparison.Ordinal));
            Assert.Equal(patients, await db.ScheduledEvents.CountAsync(e => events.Contains(e.Id) && e.Status == ScheduledEventStatus.Done));
            // Every event was dispatched by exactly one node, and each node dispatched some.
            var dispatchedBy = names.ToDictionary(name => name, name => DispatchedEvents(nodeByName[name].Output).Where(events.Contains).ToList());
            foreach (var name in names)
                output.WriteLine($"{name} dispatched {dispatchedBy[name].Count} of the {patients} events");
            Assert.All(names, name => Assert.NotEmpty(dispatchedBy[name]));
            Assert.Empty(dispatchedBy[names[0]].Intersect(dispatchedBy[names[1]]));
            Assert.Equal(events.Order(), dispatchedBy.Values.SelectMany(ids => ids).Order());
        }
        finally
        {
            foreach (var holder in holders.Values)
                await holder.DisposeAsync();
        }
    }

    /// <summary>An enrolment row held FOR UPDATE in a transaction of its own, as a schedule change holds it.</summary>
    private sealed class RowHolder : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private RowHolder(NpgsqlConnection connection, NpgsqlTransaction transaction, int pid)
        {
            _connection = connection;
            _transaction = transaction;
            Pid = pid;
        }

        public int Pid { get; }
        public bool Released { get; private set; }

        public static async Task<RowHolder> LockAsync(string connectionString, Guid enrolmentId)
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "test-holder", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var lockRow = new NpgsqlCommand("""SELECT pg_backend_pid() FROM enrolments WHERE "Id" = @id FOR UPDATE""", connection, transaction);
            lockRow.Parameters.AddWithValue("id", enrolmentId);
            var pid = (int)(await lockRow.ExecuteScalarAsync())!;
            return new RowHolder(connection, transaction, pid);
        }

        public async Task ReleaseAsync()
        {
            if (Released)
                return;
            Released = true;
            await _transaction.RollbackAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// For each held row with a node waiting on it, the node first in line: PostgreSQL's first waiter for a locked row holds
    /// the row's tuple lock and waits on the holder's transaction id; later waiters wait on the tuple lock instead.
    /// </summary>
    private async Task<List<(string Node, RowHolder Holder)>> FirstWaitersAsync(IReadOnlyList<RowHolder> held)
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("""
            SELECT waiter.application_name, holder.pid
            FROM pg_locks wait
            JOIN pg_stat_activity waiter ON waiter.pid = wait.pid
            JOIN pg_locks holder ON holder.locktype = 'transactionid' AND holder.granted AND holder.transactionid = wait.transactionid
            WHERE wait.locktype = 'transactionid' AND NOT wait.granted AND waiter.application_name LIKE 'node-%'
            """, connection);
        var byPid = held.ToDictionary(h => h.Pid);
        var waiting = new List<(string, RowHolder)>();
        await using var reader = await find.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (byPid.TryGetValue(reader.GetInt32(1), out var holder))
                waiting.Add((reader.GetString(0), holder));
        }
        return waiting;
    }

    private static async Task<bool> WaitForDispatchLogAsync(SiteProcess node, Guid eventId, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (DispatchedEvents(node.Output).Contains(eventId))
                return true;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>The events a node's log says it dispatched (opened the session and told the patient), once per dispatch.</summary>
    private static List<Guid> DispatchedEvents(string output)
    {
        var dispatched = new List<Guid>();
        foreach (var line in output.Split('\n'))
        {
            if (!line.Contains("Scheduled event", StringComparison.Ordinal) || !line.TrimStart().StartsWith('{'))
                continue;
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            if (entry.RootElement.GetProperty("Category").GetString() != typeof(EventDispatcher).FullName
                || !entry.RootElement.TryGetProperty("State", out var state)
                || state.GetProperty("Kind").GetString() != nameof(ScheduledEventKind.SessionOpens)
                || state.GetProperty("Outcome").GetString() != "opened, patient told")
                continue;
            dispatched.Add(Guid.Parse(state.GetProperty("EventId").GetString()!));
        }
        return dispatched;
    }

    /// <summary>
    /// Every EventDispatchJob in the job storage for the given events (the event id is the job's argument): its state,
    /// whether a worker has picked it up, and the last failure's message if it failed.
    /// </summary>
    private static async Task<List<DispatchJob>> DispatchJobsAsync(AppDbContext db, IReadOnlyCollection<Guid> events)
    {
        var rows = await db.Database.SqlQueryRaw<DispatchJobRow>("""
            SELECT j.arguments::text AS "Arguments", coalesce(j.statename, '') AS "State",
              EXISTS (SELECT 1 FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing') AS "Ran",
              (SELECT s.data::json->>'ExceptionMessage' FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Failed' ORDER BY s.id DESC LIMIT 1) AS "Error"
            FROM hangfire.job j
            WHERE j.invocationdata::text LIKE '%EventDispatchJob%'
            """).ToListAsync();
        return rows.SelectMany(r => events.Where(e => r.Arguments.Contains(e.ToString(), StringComparison.OrdinalIgnoreCase))
            .Select(e => new DispatchJob(e, r.State, r.Ran, r.Error))).ToList();
    }

    private sealed record DispatchJobRow(string Arguments, string State, bool Ran, string? Error);

    /// <summary>
    /// The state of each job the planner made for the seconds these events fall due in (<see cref="Web.Scheduling.Batches.DueInstantJob"/>;
    /// the demo patients' events have jobs of their own, later).
    /// </summary>
    private static Task<List<string>> InstantJobStatesAsync(AppDbContext db, IReadOnlyCollection<Guid> events)
    {
        var ids = events.ToArray();
        return db.Database.SqlQuery<string>($"""
            SELECT coalesce(j.statename, '') AS "Value" FROM hangfire.job j
            WHERE j.invocationdata::text LIKE '%DueInstantJob%'
              AND j.id IN (SELECT CAST(s."JobId" AS bigint) FROM scheduled_events s WHERE s."Id" = ANY({ids}) AND s."JobId" IS NOT NULL)
            """).ToListAsync();
    }

    private sealed record DispatchJob(Guid EventId, string State, bool Ran, string? Error);

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
                INSERT INTO outbox_messages ("Id", "Key", "To", "Subject", "Body", "Priority", "CreatedAt", "NextAttemptAt", "Attempts")
                VALUES (gen_random_uuid(), @key, 'blocker@example.org', 'x', 'x', 1, now(), now(), 0)
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
            await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverPendingAsync();

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
