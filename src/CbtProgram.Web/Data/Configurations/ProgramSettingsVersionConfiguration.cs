using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class ProgramSettingsVersionConfiguration : IEntityTypeConfiguration<ProgramSettingsVersion>
{
    public void Configure(EntityTypeBuilder<ProgramSettingsVersion> version)
    {
        version.ToTable("program_settings_versions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Files).AsJson();
        version.Property(v => v.Revision).IsConcurrencyToken();
        version.Property(v => v.CreatedBy).HasMaxLength(200);
        version.Property(v => v.PublishedBy).HasMaxLength(200);
        version.Property(v => v.ChangeNote).HasMaxLength(1000);
        // One row per number, and at most one draft at a time.
        version.HasIndex(v => v.Number).IsUnique().HasFilter("\"Number\" IS NOT NULL");
        version.HasIndex(v => v.Status).IsUnique().HasFilter($"\"Status\" = {(int)ProgramSettingsStatus.Draft}")
            .HasDatabaseName("IX_program_settings_versions_one_draft");
    }
}
