using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

public sealed class PatientTimeZonesTests
{
    [Fact]
    public void Offered_IsInOrdinalOrder()
    {
        var offered = PatientTimeZones.Offered;

        Assert.Equal(offered.Order(StringComparer.Ordinal), offered);
        Assert.Equal(offered.Count, offered.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Pacific/Apia")]
    public void Offered_HoldsIanaZones(string id)
    {
        Assert.Contains(id, PatientTimeZones.Offered);
        Assert.True(PatientTimeZones.IsAccepted(id));
    }

    [Fact]
    public void Offered_HoldsOnlyAreaSlashPlaceIds_AndNoEtcZones() =>
        Assert.All(PatientTimeZones.Offered, id =>
        {
            Assert.Contains("/", id, StringComparison.Ordinal);
            Assert.False(id.StartsWith("Etc/", StringComparison.Ordinal), id);
        });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Eastern Standard Time")]     // a Windows id, which .NET could also resolve
    [InlineData("GMT Standard Time")]
    [InlineData("UTC")]                       // no area
    [InlineData("UTC+5")]                     // PostgreSQL would read this as a POSIX spec, five hours behind
    [InlineData("Etc/GMT+5")]                 // five hours behind, despite its sign
    [InlineData("Etc/UTC")]
    [InlineData("Mars/Olympus")]              // made up
    [InlineData("europe/london")]             // ids are exact
    [InlineData("Europe/London ")]
    public void IsAccepted_AnythingButAnOfferedId_IsFalse(string? id) =>
        Assert.False(PatientTimeZones.IsAccepted(id));

    [Fact]
    public void Find_AnAcceptedId_IsThatZone()
    {
        var zone = PatientTimeZones.Find("Australia/Lord_Howe");

        Assert.Equal("Australia/Lord_Howe", zone.Id);
        Assert.Equal(new TimeSpan(10, 30, 0), zone.BaseUtcOffset);
    }

    [Theory]
    [InlineData("Eastern Standard Time")]
    [InlineData("Etc/GMT+5")]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    public void Find_ARefusedId_ThrowsNamingIt(string id)
    {
        var ex = Assert.Throws<UnknownTimeZoneException>(() => PatientTimeZones.Find(id));

        Assert.Equal(id, ex.TimeZoneId);
        Assert.Contains($"'{id}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IANA", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", "America/New York")]
    [InlineData("America/Argentina/Buenos_Aires", "America/Argentina/Buenos Aires")]
    [InlineData("Europe/London", "Europe/London")]
    public void Describe_ReadsUnderscoresAsSpaces(string id, string expected) =>
        Assert.Equal(expected, PatientTimeZones.Describe(id));
}
