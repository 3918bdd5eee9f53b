using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications.Push;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

public sealed class PushDeviceForm
{
    public string? Endpoint { get; set; }
    public string? P256dh { get; set; }
    public string? Auth { get; set; }
}

public sealed class ReminderChoicesForm
{
    public Dictionary<string, string> Channels { get; set; } = [];
    public bool QuietOn { get; set; }
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
}

/// <summary>The reminder settings on the patient's schedule page: notifications per device, the channel per kind, quiet hours.</summary>
[Route(ReminderSettingsViewComponent.BasePath)]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class RemindersController(AppDbContext db, PushDevices devices) : PatientControllerBase
{
    private const string Back = "/patient/schedule#reminders-title";

    [HttpPost("devices")]
    public async Task<IActionResult> TurnOn(PushDeviceForm form)
    {
        var problem = await devices.AddAsync(State.Patient.Id, form.Endpoint, form.P256dh, form.Auth, Request.Headers.UserAgent.ToString());
        TempData["Notice"] = problem is null
            ? "Notifications are on for this device. Choose below which reminders come as notifications."
            : $"{problem} Nothing was changed.";
        return Redirect(Back);
    }

    [HttpPost("devices/{id:guid}/off")]
    public async Task<IActionResult> TurnOff(Guid id)
    {
        TempData["Notice"] = await devices.TurnOffAsync(State.Patient.Id, id)
            ? "Notifications are off for that device. Reminders you chose as notifications only now come by email."
            : "That device had already been turned off.";
        return Redirect(Back);
    }

    [HttpPost("choices")]
    public async Task<IActionResult> Choices(ReminderChoicesForm form)
    {
        var choices = new Dictionary<string, ReminderChannels>();
        foreach (var (kind, value) in form.Channels)
        {
            if (ReminderKinds.Find(kind) is null || !Enum.TryParse<ReminderChannels>(value, out var channels) || !Enum.IsDefined(channels))
            {
                TempData["Notice"] = "Choose email, notification or both for each kind of reminder. Nothing was changed.";
                return Redirect(Back);
            }
            choices[kind] = channels;
        }
        if (form.QuietOn && (form.QuietFrom is not { } from || form.QuietUntil is not { } until || from == until))
        {
            TempData["Notice"] = "Choose when quiet hours start and end, such as 21:00 and 08:00 (two different times). Nothing was changed.";
            return Redirect(Back);
        }
        var preferences = await db.ReminderPreferences.SingleOrDefaultAsync(p => p.PatientId == State.Patient.Id);
        if (preferences is null)
            db.ReminderPreferences.Add(preferences = new ReminderPreferences(State.Patient.Id));
        preferences.Choose(choices, form.QuietOn ? new QuietHours(form.QuietFrom!.Value, form.QuietUntil!.Value) : QuietHours.None);
        await db.SaveChangesAsync();
        TempData["Notice"] = "Your reminder choices are saved.";
        return Redirect(Back);
    }
}
