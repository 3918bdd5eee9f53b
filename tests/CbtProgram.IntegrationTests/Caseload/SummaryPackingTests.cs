using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// The weeks and alerts PostgreSQL packs into a patient's summary (<see cref="SummaryWeeks.Sql"/>,
/// <see cref="SummaryAlerts.Sql"/>) are byte for byte what the site packs (<see cref="SummaryWeeks.Pack"/>,
/// <see cref="SummaryAlerts.Pack"/>), and read back as the values packed: the week, the instant to the microsecond (before
/// and after 2000, where PostgreSQL counts from), the alert's id in its own byte order and its acknowledgement.
/// </summary>
public sealed class SummaryPackingTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static readonly SummaryWeek[] Weeks =
    [
        new(0, new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_990)),
        new(1, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)),
        new(12, new DateTimeOffset(2026, 5, 18, 7, 0, 0, TimeSpan.Zero).AddTicks(1_234_560)),
    ];

    private static readonly SummaryAlert[] Alerts =
    [
        new(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), new DateTimeOffset(2026, 4, 1, 9, 30, 0, TimeSpan.Zero).AddTicks(10), Acknowledged: true),
        new(Guid.Parse("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"), new DateTimeOffset(2026, 4, 2, 22, 15, 1, TimeSpan.Zero), Acknowledged: false),
    ];

    [Fact]
    public async Task PackedWeeks_AreTheSameBytesInBothPlaces_AndReadBackAsPacked()
    {
        var values = string.Join(", ", Weeks.Select((w, i) => $"({i}, {w.Week}, timestamptz '{w.At:yyyy-MM-dd HH:mm:ss.ffffff}+00')"));
        var packed = await PackInPostgresAsync($"""
            SELECT {SummaryWeeks.Sql("x.week", "x.at", "x.i")} AS "Value" FROM (VALUES {values}) AS x(i, week, at)
            """);

        Assert.Equal(Convert.ToHexString(SummaryWeeks.Pack(Weeks)), Convert.ToHexString(packed));
        Assert.Equal(Weeks, SummaryWeeks.Read(packed));
    }

    [Fact]
    public async Task PackedAlerts_AreTheSameBytesInBothPlaces_AndReadBackAsPacked()
    {
        var values = string.Join(", ", Alerts.Select(a =>
            $"(uuid '{a.Id}', timestamptz '{a.RaisedAt:yyyy-MM-dd HH:mm:ss.ffffff}+00', {(a.Acknowledged ? "timestamptz '2026-04-03 00:00:00+00'" : "NULL::timestamptz")})"));
        var packed = await PackInPostgresAsync($"""
            SELECT {SummaryAlerts.Sql} AS "Value" FROM (VALUES {values}) AS a("Id", "RaisedAt", "AcknowledgedAt")
            """);

        Assert.Equal(Convert.ToHexString(SummaryAlerts.Pack(Alerts)), Convert.ToHexString(packed));
        Assert.Equal(Alerts, SummaryAlerts.Read(packed));
        Assert.True(SummaryAlerts.AnyUnacknowledged(packed));
        Assert.False(SummaryAlerts.AnyUnacknowledged(SummaryAlerts.Pack(Alerts.Where(a => a.Acknowledged))));
    }

    [Fact]
    public void AValueOfTheWrongLength_IsRefused_NotMisread()
    {
        Assert.Throws<ArgumentException>(() => SummaryWeeks.Read(new byte[13]));
        Assert.Throws<ArgumentException>(() => SummaryAlerts.Read(new byte[24]));
    }

    private async Task<byte[]> PackInPostgresAsync(string sql)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.SqlQueryRaw<byte[]>(sql).SingleAsync();
    }
}
