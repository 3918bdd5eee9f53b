using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        message.HasKey(m => m.Id);
        message.HasIndex(m => m.Key).IsUnique();
        message.HasIndex(m => new { m.SentAt, m.CreatedAt });
        message.Property(m => m.Key).HasMaxLength(200);
        message.Property(m => m.To).HasMaxLength(256);
    }
}
