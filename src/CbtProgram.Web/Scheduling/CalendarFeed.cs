using System.Globalization;
using System.Text;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// A patient's sessions and follow-up as an iCalendar (RFC 5545) feed behind a secret, revocable link. Titles say
/// only "CbtProgram session", never anything clinical, as calendars are often shared.
/// </summary>
public sealed class CalendarFeed(AppDbContext db, TimeProvider clock)
{
    public const int SessionMinutes = 50;

    public async Task<string?> ForTokenAsync(string token)
    {
        if (string.IsNullOrWhiteSpace(token))
            return null;
        var enrolment = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.CalendarToken == token);
        if (enrolment is null)
            return null;
        var events = await db.ScheduledEvents.AsNoTracking()
            .Where(e => e.EnrolmentId == enrolment.Id && (e.Kind == ScheduledEventKind.SessionOpens || e.Kind == ScheduledEventKind.FollowUpOpens))
            .OrderBy(e => e.DueAt).ToListAsync();
        return Write(events, clock.GetUtcNow());
    }

    public static string Write(IEnumerable<ScheduledEvent> events, DateTimeOffset now)
    {
        var ics = new StringBuilder();
        void Line(string text) => ics.Append(text).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//CbtProgram//Sessions//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:CbtProgram");
        foreach (var scheduled in events)
        {
            var title = scheduled.Kind == ScheduledEventKind.SessionOpens ? $"CbtProgram session, week {scheduled.Week}" : "CbtProgram follow-up";
            Line("BEGIN:VEVENT");
            Line($"UID:{scheduled.Id:N}@cbtprogram");
            Line($"DTSTAMP:{Utc(now)}");
            Line($"DTSTART:{Utc(scheduled.DueAt)}");
            Line($"DURATION:PT{SessionMinutes}M");
            Line($"SUMMARY:{title}");
            Line("DESCRIPTION:Sign in to CbtProgram when it suits you. Your place is saved as you go.");
            Line($"STATUS:{(scheduled.Status == ScheduledEventStatus.Cancelled ? "CANCELLED" : "CONFIRMED")}");
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
