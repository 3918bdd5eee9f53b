using CbtProgram.Web.Domain.Audit;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class ClinicalNoteConfiguration : IEntityTypeConfiguration<ClinicalNote>
{
    public void Configure(EntityTypeBuilder<ClinicalNote> note)
    {
        note.ToTable("clinical_notes");
        note.HasKey(n => n.Id);
        note.HasIndex(n => new { n.PatientId, n.WrittenAt });
        note.Property(n => n.Text).HasMaxLength(ClinicalNote.MaxLength);
        note.HasOne<Patient>().WithMany().HasForeignKey(n => n.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.ToTable("messages");
        message.HasKey(m => m.Id);
        message.HasIndex(m => new { m.PatientId, m.SentAt });
        message.Property(m => m.Text).HasMaxLength(Message.MaxLength);
        message.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_entries");
        entry.HasKey(e => e.Id);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.PatientId, e.At });
        // The record timeline's schedule changes, without reading past every "viewed record" entry of the patient.
        entry.HasIndex(e => new { e.PatientId, e.Action });
        entry.Property(e => e.Action).HasMaxLength(80);
        entry.Property(e => e.Detail).HasMaxLength(500);
        entry.Property(e => e.IpAddress).HasMaxLength(AuditEntry.MaxIpAddressLength);
        entry.Property(e => e.UserAgent).HasMaxLength(AuditEntry.MaxUserAgentLength);
        // The database numbers and chains each row when it seals it (Audit/AuditChainSql): the site never writes them.
        // Sealed entries only, so each seal finds the chain's end at the index's top, not behind the entries still waiting.
        entry.HasIndex(e => e.Sequence).IsUnique().HasFilter("\"Sequence\" IS NOT NULL");
        // The entries waiting to be sealed, oldest first: a few at any moment, so the sealer never reads the whole table.
        entry.HasIndex(e => new { e.At, e.Id }, "IX_audit_entries_Unsealed").HasFilter("\"Sequence\" IS NULL");
        entry.HasIndex(e => new { e.ActorId, e.At });
        foreach (var chained in new[] { entry.Property(e => e.Sequence).Metadata, entry.Property(e => e.Hash).Metadata })
        {
            chained.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            chained.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
    }
}
