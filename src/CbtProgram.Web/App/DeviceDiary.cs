using System.Text.Json;
using CbtProgram.Web.Areas.Patient.Controllers;

namespace CbtProgram.Web.App;

/// <summary>What the diary page tells the device about the last 7 days: only which were saved, and when (no answers).</summary>
public static class DeviceDiary
{
    /// <summary>Each saved day's version, by date: an entry written offline carries it, so a later save is never overwritten unasked.</summary>
    public static string VersionsJson(IEnumerable<DiaryDayLink> days) => JsonSerializer.Serialize(
        days.Where(d => d.Entry is not null).ToDictionary(d => d.Date.ToString("yyyy-MM-dd"), d => d.Entry!.Version));
}
