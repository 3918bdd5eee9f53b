using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    private const string Unsent = "\"SentAt\" IS NULL AND \"DeadLetteredAt\" IS NULL";

    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        message.HasKey(m => m.Id);
        message.HasIndex(m => m.Key).IsUnique();
        // The mail page, newest first.
        message.HasIndex(m => m.CreatedAt);
        // Delivery claims (most urgent, then oldest) and the mail page's waiting and failing lists: only what is unsent.
        message.HasIndex(m => new { m.Priority, m.CreatedAt }).HasFilter(Unsent);
        message.HasIndex(m => m.DeadLetteredAt).HasFilter("\"DeadLetteredAt\" IS NOT NULL");
        // Retention's scrub (Retention/RetentionJob.cs): only sent messages whose body is still there, oldest first.
        message.HasIndex(m => m.SentAt).HasDatabaseName("IX_outbox_messages_sent_unscrubbed")
            .HasFilter("\"SentAt\" IS NOT NULL AND \"ScrubbedAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        // Escalations (Safety/Escalations.cs) look up one alert step's emails by key prefix, whatever the database's
        // collation: text_pattern_ops serves LIKE 'prefix%', and only risk-alert keys are in it.
        message.HasIndex(m => m.Key, "IX_outbox_messages_risk_alert_keys").HasOperators("text_pattern_ops").HasFilter("\"Key\" LIKE 'risk-alert:%'");
        // The oldest unsent email and the delayed list (operations page, metrics, health), whatever its priority.
        message.HasIndex(m => m.CreatedAt, "IX_outbox_messages_unsent_created").HasFilter(Unsent);
        message.Property(m => m.Key).HasMaxLength(200);
        message.Property(m => m.To).HasMaxLength(256);
    }
}
