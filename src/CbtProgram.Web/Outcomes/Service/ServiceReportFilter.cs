using System.Globalization;
using System.Text.RegularExpressions;

namespace CbtProgram.Web.Outcomes.Service;

/// <summary>Who is in the report: one therapist's patients or all, patients whose week 1 fell in a month or quarter, completers or everyone enrolled.</summary>
public sealed partial record ServiceReportFilter(string? TherapistId, DateOnly? From, DateOnly? Until, string? Period, bool CompletersOnly)
{
    public static readonly ServiceReportFilter Everyone = new(null, null, null, null, false);

    /// <summary>
    /// Reads a start period: a month (<c>2027-03</c>) or a quarter (<c>2027-Q1</c>); empty means any. Returns the
    /// filter, or the reason the period cannot be read.
    /// </summary>
    public static (ServiceReportFilter? Filter, string? Error) Parse(string? therapistId, string? period, bool completersOnly)
    {
        var therapist = string.IsNullOrWhiteSpace(therapistId) ? null : therapistId.Trim();
        var text = (period ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
            return (new ServiceReportFilter(therapist, null, null, null, completersOnly), null);
        var month = Month().Match(text);
        if (month.Success && int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m)
        {
            var from = new DateOnly(int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), m, 1);
            return (new ServiceReportFilter(therapist, from, from.AddMonths(1), text, completersOnly), null);
        }
        var quarter = Quarter().Match(text);
        if (quarter.Success)
        {
            var from = new DateOnly(int.Parse(quarter.Groups[1].Value, CultureInfo.InvariantCulture), (int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture) - 1) * 3 + 1, 1);
            return (new ServiceReportFilter(therapist, from, from.AddMonths(3), text, completersOnly), null);
        }
        return (null, $"\"{period!.Trim()}\" is not a start period: give a month such as 2027-03 or a quarter such as 2027-Q1, or leave it empty for any.");
    }

    [GeneratedRegex(@"^(20\d\d)-(\d\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Month();

    [GeneratedRegex(@"^(20\d\d)-Q([1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex Quarter();
}
