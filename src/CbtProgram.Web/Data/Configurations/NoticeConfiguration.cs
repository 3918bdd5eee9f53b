using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> notice)
    {
        notice.ToTable("notices");
        notice.HasKey(n => n.Id);
        notice.HasIndex(n => n.Key).IsUnique();
        notice.HasIndex(n => new { n.UserId, n.ReadAt });
        // Retention deletes notices read long ago, oldest first, without reading the unread ones.
        notice.HasIndex(n => n.ReadAt).HasDatabaseName("IX_notices_read").HasFilter("\"ReadAt\" IS NOT NULL");
        notice.Property(n => n.Key).HasMaxLength(200);
        notice.Property(n => n.Text).HasMaxLength(300);
        notice.Property(n => n.Link).HasMaxLength(300);
    }
}
