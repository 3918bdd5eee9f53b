using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

/// <summary>Only the IANA ids in the offered list get through: .NET would resolve a Windows id, PostgreSQL would not.</summary>
public sealed class PatientTimeZonesTests
{
    [Theory]
    [InlineData("Eastern Standard Time")] // a Windows id: .NET on Linux maps it, PostgreSQL's AT TIME ZONE does not know it
    [InlineData("UTC+5")]                 // PostgreSQL would read this as a POSIX spec, five hours *behind*
    [InlineData("")]
    [InlineData("Mars/Olympus")]
    [InlineData(null)]
    public void IsAccepted_RefusesAnythingButAnOfferedIanaId(string? id)
    {
        Assert.False(PatientTimeZones.IsAccepted(id));
        Assert.DoesNotContain(id, PatientTimeZones.Offered);
    }

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    public void IsAccepted_AcceptsIanaIds(string id)
    {
        Assert.True(PatientTimeZones.IsAccepted(id));
        Assert.Contains(id, PatientTimeZones.Offered);
        Assert.Equal(id, PatientTimeZones.Find(id).Id);
    }
}
