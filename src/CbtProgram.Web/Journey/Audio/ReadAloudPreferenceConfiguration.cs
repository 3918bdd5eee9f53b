using CbtProgram.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Journey.Audio;

internal sealed class ReadAloudPreferenceConfiguration : IEntityTypeConfiguration<ReadAloudPreference>
{
    public void Configure(EntityTypeBuilder<ReadAloudPreference> preference)
    {
        preference.ToTable("read_aloud_preferences");
        preference.HasKey(p => p.UserId);
        preference.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        preference.Property(p => p.Voice).HasMaxLength(ReadAloudPreference.MaxVoiceLength);
    }
}
