using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Outcomes.Research;

internal sealed class ResearchExportKeyConfiguration : IEntityTypeConfiguration<ResearchExportKey>
{
    public void Configure(EntityTypeBuilder<ResearchExportKey> key)
    {
        key.ToTable("research_export_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Name).HasMaxLength(ResearchExportKey.MaxNameLength);
        key.HasIndex(k => k.Name).IsUnique();
        key.Property(k => k.SealedSecret).HasMaxLength(1000);
        key.Property(k => k.CreatedById).HasMaxLength(450);
    }
}
