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
        // The oldest unsent email and the delayed list (operations page, metrics, health), whatever its priority.
        message.HasIndex(m => m.CreatedAt, "IX_outbox_messages_unsent_created").HasFilter(Unsent);
        message.Property(m => m.Key).HasMaxLength(200);
        message.Property(m => m.To).HasMaxLength(256);
    }
}
