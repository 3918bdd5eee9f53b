using System.Text.Json;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// A patient's reminder choices: a channel for each kind (<see cref="ReminderKinds"/>; a kind not chosen is
/// <see cref="ReminderKinds.Default"/>) and quiet hours, in the patient's own time zone, when no notification is shown
/// (email is not held: it waits in the inbox anyway).
/// </summary>
public sealed class ReminderPreferences
{
    public static readonly TimeOnly DefaultQuietFrom = new(21, 0);
    public static readonly TimeOnly DefaultQuietUntil = new(8, 0);
    /// <summary>Quiet hours for a patient who has not chosen: from 21:00 until 08:00, so nothing ever buzzes at 3 am.</summary>
    public static readonly QuietHours DefaultQuiet = new(DefaultQuietFrom, DefaultQuietUntil);

    private ReminderPreferences() { }

    public ReminderPreferences(Guid patientId)
    {
        PatientId = patientId;
        QuietFrom = DefaultQuietFrom;
        QuietUntil = DefaultQuietUntil;
    }

    public Guid PatientId { get; private set; }
    /// <summary>The channel chosen per kind id, as JSON ({"sessions":"Both"}).</summary>
    public string ChannelsJson { get; private set; } = "{}";
    /// <summary>Quiet hours start (local time); null when the patient turned quiet hours off.</summary>
    public TimeOnly? QuietFrom { get; private set; }
    public TimeOnly? QuietUntil { get; private set; }

    public QuietHours QuietHours => QuietFrom is { } from && QuietUntil is { } until ? new QuietHours(from, until) : QuietHours.None;

    public ReminderChannels ChannelFor(ReminderKind kind) =>
        Channels().TryGetValue(kind.Id, out var channels) && channels != 0 ? channels : ReminderKinds.Default;

    public void Choose(IReadOnlyDictionary<string, ReminderChannels> choices, QuietHours quiet)
    {
        ChannelsJson = JsonSerializer.Serialize(ReminderKinds.All.ToDictionary(k => k.Id, k => choices.GetValueOrDefault(k.Id, ChannelFor(k))), Options);
        (QuietFrom, QuietUntil) = quiet.IsOn ? (quiet.From, quiet.Until) : ((TimeOnly?)null, (TimeOnly?)null);
    }

    private Dictionary<string, ReminderChannels> Channels() =>
        JsonSerializer.Deserialize<Dictionary<string, ReminderChannels>>(ChannelsJson, Options) ?? [];

    private static readonly JsonSerializerOptions Options = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>
    /// Each patient's quiet hours (their own, or <see cref="DefaultQuiet"/>) and time zone (their enrolment's, the one
    /// still running if any; UTC before they have one), read in two queries however many patients.
    /// </summary>
    public static async Task<Dictionary<Guid, (QuietHours Hours, TimeZoneInfo Zone)>> QuietHoursAsync(AppDbContext db, IReadOnlyCollection<Guid> patientIds,
        CancellationToken cancellationToken = default)
    {
        var preferences = await db.ReminderPreferences.AsNoTracking().Where(p => patientIds.Contains(p.PatientId)).ToDictionaryAsync(p => p.PatientId, cancellationToken);
        var zones = (await db.Enrolments.AsNoTracking().Where(e => patientIds.Contains(e.PatientId))
                .Select(e => new { e.PatientId, e.TimeZoneId, Running = e.Status != EnrolmentStatus.Withdrawn && e.Status != EnrolmentStatus.Finished }).ToListAsync(cancellationToken))
            .GroupBy(e => e.PatientId).ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Running).First().TimeZoneId);
        return patientIds.Distinct().ToDictionary(id => id, id => (
            preferences.GetValueOrDefault(id)?.QuietHours ?? DefaultQuiet,
            PatientTimeZones.Find(zones.GetValueOrDefault(id, "UTC"))));
    }
}
