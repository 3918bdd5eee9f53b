using CbtProgram.Web.Domain.Care;

namespace CbtProgram.Web.Domain.Safety;

/// <summary>The steps an open risk alert climbs when nobody acts on it, each taken once.</summary>
public enum EscalationStep
{
    /// <summary>Not acknowledged in time: the clinical leads are told.</summary>
    ClinicalLeads = 1,
    /// <summary>Still not acknowledged: the admins are told.</summary>
    Admins = 2,
    /// <summary>Acknowledged but left unresolved: it comes back to the therapist and the leads.</summary>
    UnresolvedReminder = 3,
}

/// <summary>program.yaml's ladder: working time after which each step is due.</summary>
public sealed record EscalationSettings(TimeSpan ToLeadsAfter, TimeSpan ToAdminsAfter, int UnresolvedAfterWorkingDays);

/// <summary>
/// When each step of an alert's escalation ladder falls due, counted in the clinic's working time (weekends and
/// holidays do not count): not acknowledged within <see cref="EscalationSettings.ToLeadsAfter"/> of being raised, to the
/// clinical leads; within <see cref="EscalationSettings.ToAdminsAfter"/>, to the admins; acknowledged but not resolved
/// within the working days after it was acknowledged, back to the therapist and the leads. A step is not done just because
/// its emails were queued: if the clinical leads' step reached nobody (no lead to tell, or every email to them could not be
/// delivered), the admins are told at once rather than hours later.
/// </summary>
public static class EscalationLadder
{
    /// <summary>The steps due now. leadsUnheard: the clinical leads' step was taken but reached nobody (no lead to tell, or every email to them was dead-lettered).</summary>
    public static IReadOnlyList<EscalationStep> Due(RiskAlert alert, EscalationSettings settings, WorkingHours hours, DateTimeOffset now, bool leadsUnheard = false)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(hours);
        var due = new List<EscalationStep>();
        if (!alert.IsOpen)
            return due;
        if (!alert.IsAcknowledged)
        {
            if (alert.TakenAt(EscalationStep.ClinicalLeads) is null && hours.Add(alert.RaisedAt, settings.ToLeadsAfter) <= now)
                due.Add(EscalationStep.ClinicalLeads);
            if (alert.TakenAt(EscalationStep.Admins) is null
                && (hours.Add(alert.RaisedAt, settings.ToAdminsAfter) <= now || (leadsUnheard && alert.TakenAt(EscalationStep.ClinicalLeads) is not null)))
                due.Add(EscalationStep.Admins);
        }
        else if (alert.TakenAt(EscalationStep.UnresolvedReminder) is null
            && hours.AddWorkingDays(alert.AcknowledgedAt!.Value, settings.UnresolvedAfterWorkingDays) <= now)
        {
            due.Add(EscalationStep.UnresolvedReminder);
        }
        return due;
    }

    /// <summary>The earliest moment any step could fall due: working time never passes faster than real time.</summary>
    public static TimeSpan Shortest(EscalationSettings settings) =>
        settings.ToLeadsAfter < settings.ToAdminsAfter ? settings.ToLeadsAfter : settings.ToAdminsAfter;
}
