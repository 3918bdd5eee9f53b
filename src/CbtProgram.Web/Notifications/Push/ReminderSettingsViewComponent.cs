using CbtProgram.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>What the reminder settings on the patient's schedule page show.</summary>
public sealed record ReminderSettingsView(string PublicKey, IReadOnlyList<PushDeviceView> Devices, ReminderPreferences Preferences);

/// <summary>The "Reminders" part of the patient's schedule page: devices with notifications on, the channel per kind, quiet hours.</summary>
public sealed class ReminderSettingsViewComponent(AppDbContext db, PushDevices devices, VapidKeyStore vapid) : ViewComponent
{
    public const string BasePath = "/patient/schedule/reminders";

    public async Task<IViewComponentResult> InvokeAsync(Guid patientId)
    {
        var preferences = await db.ReminderPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == patientId) ?? new ReminderPreferences(patientId);
        return View(new ReminderSettingsView((await vapid.GetAsync()).PublicKey, await devices.ForPatientAsync(patientId), preferences));
    }
}
