using CbtProgram.Web.Hosting;
using CbtProgram.Web.Safety;
using Microsoft.Extensions.Configuration;

namespace CbtProgram.UnitTests.Safety;

/// <summary>The clinic's hours and holidays from configuration; anything unreadable stops start-up with one sentence.</summary>
public sealed class ClinicHoursTests
{
    private static ClinicHours From(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Holidays_AreRead_AndAreNotWorkingDays()
    {
        var clinic = From(("Clinic:Holidays:0", "2027-05-03"), ("Clinic:Holidays:1", "2027-12-27"));

        Assert.False(clinic.Hours.IsWorkingDay(new DateOnly(2027, 5, 3)));
        Assert.True(clinic.Hours.IsWorkingDay(new DateOnly(2027, 5, 4)));
        Assert.False(clinic.Hours.IsWorkingDay(new DateOnly(2027, 5, 8))); // a Saturday
    }

    [Theory]
    [InlineData("Clinic:Holidays:0", "3 May 2027", "Clinic:Holidays has '3 May 2027', which is not a date such as 2026-12-25.")]
    [InlineData("Clinic:TimeZone", "Eastern Standard Time x", "Clinic:TimeZone 'Eastern Standard Time x' is not a time zone; use an IANA id such as Europe/London.")]
    [InlineData("Clinic:WorkingDayStarts", "9am", "Clinic:WorkingDayStarts is '9am'; use a time of day such as 09:00.")]
    [InlineData("Clinic:WorkingDayEnds", "08:00", "Clinic:WorkingDayEnds must be after Clinic:WorkingDayStarts.")]
    public void UnreadableSettings_StopStartUp_WithOneSentence(string key, string value, string sentence)
    {
        var failure = Assert.Throws<ClinicSettingsException>(() => From((key, value)));

        Assert.Equal(sentence, StartupFailure.Explain(failure));
    }
}
