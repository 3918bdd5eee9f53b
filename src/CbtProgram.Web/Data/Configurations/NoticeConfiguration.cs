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
        notice.Property(n => n.Key).HasMaxLength(200);
        notice.Property(n => n.Text).HasMaxLength(300);
        notice.Property(n => n.Link).HasMaxLength(300);
    }
}
