using CbtProgram.Web.Domain.Scheduling;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The site reckons local time in two places: .NET (<see cref="SessionSchedule"/>, the event instants) and PostgreSQL
/// (<c>AT TIME ZONE</c>, the diary reminders). For every zone a patient can choose, both must know it and both must read
/// the same wall-clock time at any instant: seeded random instants over 2000-2037 and each side of every UTC-offset change
/// .NET sees in 2025-2028.
/// </summary>
public sealed class TimeZoneAgreementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int RandomInstantsPerZone = 40;
    private static readonly DateTime RandomFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime RandomTo = new(2037, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ChangesFrom = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ChangesTo = new(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan ScanStep = TimeSpan.FromHours(6);

    // Only the database is needed, not the site: the factory makes one and drops it afterwards.
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task EveryOfferedZone_IsKnownToPostgreSql_AndReadsTheSameLocalTimeAsDotNet()
    {
        var zones = PatientTimeZones.Offered;
        Assert.NotEmpty(zones);
        // The scan itself, against the tz rules: London changes at 01:00 UTC on the last Sundays of March and October.
        Assert.Equal([new DateTime(2027, 3, 28, 1, 0, 0, DateTimeKind.Utc), new DateTime(2027, 10, 31, 1, 0, 0, DateTimeKind.Utc)],
            OffsetChanges(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2028, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();

        var unknown = await UnknownToPostgreSqlAsync(connection, zones);

        var random = new Random(20270328);
        var disagreements = new List<string>();
        int instantsCompared = 0, changesFound = 0;
        foreach (var id in zones.Except(unknown))
        {
            var zone = PatientTimeZones.Find(id);
            var changes = OffsetChanges(zone, ChangesFrom, ChangesTo);
            changesFound += changes.Count;
            var instants = Enumerable.Range(0, RandomInstantsPerZone).Select(_ => RandomInstant(random))
                .Concat(changes.SelectMany(change => new[] { change.AddSeconds(-1), change, change.AddSeconds(1) }))
                .ToArray();

            var postgres = await WallTimesAsync(connection, id, instants);

            for (var i = 0; i < instants.Length; i++)
            {
                var dotnet = TimeZoneInfo.ConvertTime(new DateTimeOffset(instants[i]), zone).DateTime;
                if (postgres[i] != dotnet)
                    disagreements.Add($"{id} at {instants[i]:yyyy-MM-dd HH:mm:ss}Z: PostgreSQL {postgres[i]:yyyy-MM-dd HH:mm:ss}, .NET {dotnet:yyyy-MM-dd HH:mm:ss}");
            }
            instantsCompared += instants.Length;
        }

        output.WriteLine($"{zones.Count} zones, {changesFound} UTC-offset changes in 2025-2028, {instantsCompared} instants compared; " +
            $"{unknown.Count} zone(s) unknown to PostgreSQL, {disagreements.Count} disagreement(s).");
        foreach (var line in disagreements.Take(200))
            output.WriteLine(line);
        Assert.True(unknown.Count == 0, $"Offered zones PostgreSQL does not know: {string.Join(", ", unknown)}");
        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} disagreement(s) in {disagreements.Select(d => d[..d.IndexOf(' ', StringComparison.Ordinal)]).Distinct().Count()} zone(s):\n" +
            string.Join("\n", disagreements.Take(50)));
    }

    /// <summary>One query for the lot: the offered ids missing from pg_timezone_names.</summary>
    private static async Task<List<string>> UnknownToPostgreSqlAsync(NpgsqlConnection connection, IReadOnlyList<string> zones)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id FROM unnest(@ids) AS id
            WHERE NOT EXISTS (SELECT 1 FROM pg_timezone_names n WHERE n.name = id)
            ORDER BY id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = zones.ToArray() });
        var unknown = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            unknown.Add(reader.GetString(0));
        return unknown;
    }

    /// <summary>One query per zone: the wall-clock time PostgreSQL gives each instant, in the order given.</summary>
    private static async Task<DateTime[]> WallTimesAsync(NpgsqlConnection connection, string zone, DateTime[] instants)
    {
        await using var command = new NpgsqlCommand("""
            SELECT array_agg(t.instant AT TIME ZONE @zone ORDER BY t.n)
            FROM unnest(@instants) WITH ORDINALITY AS t(instant, n)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("zone", NpgsqlDbType.Text) { TypedValue = zone });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("instants", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = instants });
        var result = (DateTime[])(await command.ExecuteScalarAsync())!;
        Assert.Equal(instants.Length, result.Length);
        return result;
    }

    private static DateTime RandomInstant(Random random) =>
        RandomFrom.AddSeconds(random.NextInt64((long)(RandomTo - RandomFrom).TotalSeconds));

    /// <summary>
    /// The first second of each new UTC offset .NET sees between the bounds: scanned in steps, then bisected to the second.
    /// (Two changes inside one step that cancel out would be missed; no zone changes its clocks twice in six hours.)
    /// </summary>
    private static List<DateTime> OffsetChanges(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        var changes = new List<DateTime>();
        var offset = zone.GetUtcOffset(from);
        for (var at = from; at < to; at += ScanStep)
        {
            var next = at + ScanStep;
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset == offset)
                continue;
            // Bisect: before is on the old offset, after on the new one.
            DateTime before = at, after = next;
            while (after - before > TimeSpan.FromSeconds(1))
            {
                var middle = before + TimeSpan.FromTicks((after - before).Ticks / 2 / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
                if (zone.GetUtcOffset(middle) == offset)
                    before = middle;
                else
                    after = middle;
            }
            changes.Add(after);
            offset = nextOffset;
        }
        return changes;
    }
}
