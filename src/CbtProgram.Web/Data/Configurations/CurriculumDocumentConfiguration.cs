using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class CurriculumDocumentConfiguration : IEntityTypeConfiguration<CurriculumDocument>
{
    public void Configure(EntityTypeBuilder<CurriculumDocument> document)
    {
        document.ToTable("curriculum_documents");
        document.HasKey(d => d.Path);
        document.Property(d => d.Path).HasMaxLength(200);
    }
}
