using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public sealed record ThreadMessage(Guid Id, bool FromPatient, string SenderName, string Text, DateTimeOffset SentAt, DateTimeOffset? ReadAt);

/// <summary>
/// Secure messages between a patient and their care team. The words stay in the site: the email to the other side
/// says only that there is a new message, with a link.
/// </summary>
public sealed class Conversations(AppDbContext db, Outbox outbox, Notifications.Push.PatientReminders reminders, MailOptions mail, AuditLog audit, CaseloadSummary.PatientSummaries summaries, TimeProvider clock)
{
    public Task<List<ThreadMessage>> ThreadAsync(Guid patientId) =>
        (from message in db.Messages
         join sender in db.Users on message.SenderId equals sender.Id
         where message.PatientId == patientId
         orderby message.SentAt
         select new ThreadMessage(message.Id, message.FromPatient, sender.DisplayName, message.Text, message.SentAt, message.ReadAt)).AsNoTracking().ToListAsync();

    public static string? Problem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Write your message first."
        : text.Trim().Length > Message.MaxLength ? $"Keep your message under {Message.MaxLength} characters, or send it in two parts."
        : null;

    /// <summary>The patient writes to their therapist; returns a problem or null.</summary>
    public Task<string?> SendFromPatientAsync(Guid patientId, string patientUserId, string? text) =>
        SendAsync(patientId, patientUserId, fromPatient: true, text,
            from patient in db.Patients
            join user in db.Users on patient.AssignedTherapistId equals user.Id
            where patient.Id == patientId
            select user.Email,
            "CbtProgram: a new message from a patient",
            $"A patient on your caseload has sent you a message.\n\nSign in to CbtProgram to read it: {mail.Link($"/therapist/patients/{patientId}/messages")}\n");

    /// <summary>A therapist or admin writes to the patient; returns a problem or null.</summary>
    public Task<string?> SendFromStaffAsync(Guid patientId, string staffUserId, string? text) =>
        SendAsync(patientId, staffUserId, fromPatient: false, text,
            from patient in db.Patients
            join user in db.Users on patient.UserId equals user.Id
            where patient.Id == patientId
            select user.Email,
            "You have a new message on CbtProgram",
            $"Your care team has sent you a message.\n\nSign in to CbtProgram to read it: {mail.Link("/patient/messages")}\n");

    /// <summary>Stores the message (staff messages are audited) and emails the other side a notice without its words.</summary>
    private async Task<string?> SendAsync(Guid patientId, string senderId, bool fromPatient, string? text,
        IQueryable<string?> recipient, string subject, string notice)
    {
        if (Problem(text) is { } problem)
            return problem;
        var message = new Message(patientId, senderId, fromPatient, text!, clock.GetUtcNow());
        db.Messages.Add(message);
        if (!fromPatient)
            audit.Record(senderId, patientId, "sent message");
        await db.SaveChangesAsync();
        if (!fromPatient)
        {
            // The patient hears by email, notification or both, as they chose.
            await reminders.QueueAsync(patientId, new(Notifications.Push.ReminderKinds.Messages, $"message:{message.Id}", subject, notice,
                "You have a new message from your care team.", "/patient/messages"));
            outbox.TriggerDelivery();
        }
        else if (await recipient.FirstOrDefaultAsync() is { } email)
            await outbox.EnqueueAsync($"message:{message.Id}:email", email, subject, notice);
        return null;
    }

    /// <summary>
    /// Marks as read what the other side sent: the patient's messages when staff read, the team's when the patient reads;
    /// the caseload's unread count changes with it, in the same transaction.
    /// </summary>
    public async Task MarkReadAsync(Guid patientId, bool readByPatient)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var read = await db.Messages.Where(m => m.PatientId == patientId && m.FromPatient != readByPatient && m.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReadAt, clock.GetUtcNow()));
        if (read > 0)
            await summaries.RefreshAsync([patientId]);
        await transaction.CommitAsync();
    }
}

/// <summary>The conversation as a page shows it, to the patient or to staff.</summary>
public sealed record ThreadView(IReadOnlyList<ThreadMessage> Thread, bool ForPatient, string PostTo);
