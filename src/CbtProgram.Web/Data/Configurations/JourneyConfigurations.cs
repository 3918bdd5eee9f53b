using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Invitations;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> enrolment)
    {
        enrolment.ToTable("enrolments");
        enrolment.HasKey(e => e.Id);
        enrolment.HasIndex(e => e.PatientId).IsUnique();
        enrolment.Property(e => e.TimeZoneId).HasMaxLength(64);
        enrolment.Property(e => e.CalendarToken).HasMaxLength(64);
        enrolment.HasIndex(e => e.CalendarToken).IsUnique();
        enrolment.Ignore(e => e.Preferences);
        enrolment.Ignore(e => e.Zone);
        // The diary-reminder job reads only programs that are running with a reminder set, whatever the number of
        // finished ones: a partial index keeps its cost flat as finished patients accumulate.
        enrolment.HasIndex(e => e.DiaryReminderTime).HasDatabaseName("IX_enrolments_active_diary_reminder")
            .HasFilter($"\"Status\" = {(int)EnrolmentStatus.Active} AND \"DiaryReminderTime\" IS NOT NULL");
        enrolment.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduledEventConfiguration : IEntityTypeConfiguration<ScheduledEvent>
{
    public void Configure(EntityTypeBuilder<ScheduledEvent> scheduled)
    {
        scheduled.ToTable("scheduled_events");
        scheduled.HasKey(e => e.Id);
        // One row per kind, week and sequence; the follow-up's rows have no week, and NULLs count as equal here.
        scheduled.HasIndex(e => new { e.EnrolmentId, e.Kind, e.Week, e.Sequence }).IsUnique().AreNullsDistinct(false);
        scheduled.Ignore(e => e.IsFinished);
        scheduled.Ignore(e => e.LocalIntent);
        scheduled.Property(e => e.TimeZoneId).HasMaxLength(64);
        scheduled.Property(e => e.JobId).HasMaxLength(64);
        scheduled.Property(e => e.Outcome).HasMaxLength(200);
        scheduled.Property(e => e.LastError).HasMaxLength(ScheduledEvent.MaxErrorLength);
        scheduled.HasIndex(e => new { e.Status, e.DueAt });
        // Overdue events (operations page, metrics, health): the waiting ones by due time, the oldest first. The enrolment
        // is included so the summary's count (only running programs) reads the index alone: the planner cannot see that
        // waiting events are nearly all in the future, guesses a fifth of the table, and without it read all of it
        // (tests/CbtProgram.Benchmarks, operations).
        scheduled.HasIndex(e => e.DueAt, "IX_scheduled_events_waiting_due").IncludeProperties(e => e.EnrolmentId)
            .HasFilter($"\"Status\" IN ({(int)ScheduledEventStatus.Pending}, {(int)ScheduledEventStatus.Planned})");
        scheduled.HasOne<Enrolment>().WithMany().HasForeignKey(e => e.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeasureResponseConfiguration : IEntityTypeConfiguration<MeasureResponse>
{
    public void Configure(EntityTypeBuilder<MeasureResponse> response)
    {
        response.ToTable("measure_responses");
        response.HasKey(r => r.Id);
        // One answer per questionnaire per assessment point: a double submission records once.
        response.HasIndex(r => new { r.PatientId, r.MeasureId, r.Point, r.Week }).IsUnique();
        response.Property(r => r.MeasureId).HasMaxLength(32);
        response.Property(r => r.Point).HasMaxLength(32);
        response.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiskAlertConfiguration : IEntityTypeConfiguration<RiskAlert>
{
    public void Configure(EntityTypeBuilder<RiskAlert> alert)
    {
        alert.ToTable("risk_alerts");
        alert.HasKey(a => a.Id);
        alert.HasIndex(a => a.MeasureResponseId).IsUnique();
        // One alert per questionnaire: a repeat, or completing it after a partial answer, adds to the same alert.
        alert.HasIndex(a => new { a.PatientId, a.MeasureId, a.Point, a.Week }).IsUnique();
        alert.HasIndex(a => new { a.TherapistId, a.ResolvedAt });
        // The escalation job and the leads' page read open alerts only, however many are resolved.
        alert.HasIndex(a => a.RaisedAt).HasDatabaseName("IX_risk_alerts_open").HasFilter("\"ResolvedAt\" IS NULL");
        alert.Ignore(a => a.IsOpen);
        alert.Ignore(a => a.IsAcknowledged);
        alert.Ignore(a => a.IsOwnedByLeads);
        alert.Property(a => a.MeasureId).HasMaxLength(32);
        alert.Property(a => a.Point).HasMaxLength(32);
        alert.Property(a => a.ResolutionNote).HasMaxLength(Domain.Care.ClinicalNote.MaxLength);
        alert.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
        alert.HasOne<MeasureResponse>().WithMany().HasForeignKey(a => a.MeasureResponseId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class QuestionnaireDraftConfiguration : IEntityTypeConfiguration<QuestionnaireDraft>
{
    public void Configure(EntityTypeBuilder<QuestionnaireDraft> draft)
    {
        draft.ToTable("questionnaire_drafts");
        draft.HasKey(d => d.Id);
        draft.HasIndex(d => new { d.PatientId, d.MeasureId, d.Point, d.Week }).IsUnique();
        draft.Property(d => d.MeasureId).HasMaxLength(32);
        draft.Property(d => d.Point).HasMaxLength(32);
        draft.HasOne<Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DiaryEntryConfiguration : IEntityTypeConfiguration<DiaryEntry>
{
    public void Configure(EntityTypeBuilder<DiaryEntry> entry)
    {
        entry.ToTable("diary_entries");
        entry.HasKey(e => e.Id);
        entry.HasIndex(e => new { e.PatientId, e.Date }).IsUnique();
        // The caseload's "last active": the latest change to a patient's diary, one index entry read per patient.
        entry.HasIndex(e => new { e.PatientId, e.UpdatedAt });
        entry.Property(e => e.Medication).HasMaxLength(500);
        entry.Property(e => e.Triggers).HasMaxLength(500);
        entry.Property(e => e.Note).HasMaxLength(500);
        entry.Property(e => e.HeadacheHours).HasPrecision(4, 1);
        entry.Property(e => e.SleepHours).HasPrecision(4, 1);
        entry.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StepAnswerConfiguration : IEntityTypeConfiguration<StepAnswer>
{
    public void Configure(EntityTypeBuilder<StepAnswer> answer)
    {
        answer.ToTable("step_answers");
        answer.HasKey(a => a.Id);
        answer.HasIndex(a => new { a.PatientModuleId, a.StepId }).IsUnique();
        answer.Property(a => a.Values).AsJson();
        answer.HasOne<PatientModule>().WithMany().HasForeignKey(a => a.PatientModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.ToTable("invitations");
        invitation.HasKey(i => i.Id);
        invitation.HasIndex(i => i.TokenHash).IsUnique();
        invitation.HasIndex(i => i.Email);
        invitation.Property(i => i.Email).HasMaxLength(256);
        invitation.Property(i => i.DisplayName).HasMaxLength(120);
    }
}
