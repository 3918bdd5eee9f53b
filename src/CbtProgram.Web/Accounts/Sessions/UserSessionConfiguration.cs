using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Accounts.Sessions;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("user_sessions");
        session.HasKey(s => s.Id);
        // Every request reads its session by the hash of the cookie's key: one index lookup.
        session.HasIndex(s => s.KeyHash).IsUnique();
        session.HasIndex(s => new { s.UserId, s.RevokedAt });
        session.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        session.Property(s => s.KeyHash).HasMaxLength(32).IsRequired();
        session.Property(s => s.RevokedReason).HasMaxLength(60);
        session.Property(s => s.IpAddress).HasMaxLength(45);
        session.Property(s => s.Device).HasMaxLength(100);
    }
}
