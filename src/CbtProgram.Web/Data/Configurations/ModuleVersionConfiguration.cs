using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class ModuleVersionConfiguration : IEntityTypeConfiguration<ModuleVersion>
{
    public void Configure(EntityTypeBuilder<ModuleVersion> version)
    {
        version.ToTable("module_versions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Content).AsJson();
        version.Property(v => v.Revision).IsConcurrencyToken();
        version.Property(v => v.CreatedBy).HasMaxLength(200);
        version.Property(v => v.UpdatedBy).HasMaxLength(200);
        version.Property(v => v.PublishedBy).HasMaxLength(200);
        version.Property(v => v.ChangeNote).HasMaxLength(1000);
        // One number per published version of a week, and at most one draft per week.
        version.HasIndex(v => new { v.Week, v.Number }).IsUnique().HasFilter("\"Number\" IS NOT NULL");
        version.HasIndex(v => v.Week).IsUnique().HasFilter($"\"Status\" = {(int)ModuleVersionStatus.Draft}").HasDatabaseName("IX_module_versions_one_draft_per_week");
    }
}
