using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class PatientModuleConfiguration : IEntityTypeConfiguration<PatientModule>
{
    public void Configure(EntityTypeBuilder<PatientModule> module)
    {
        module.ToTable("patient_modules");
        module.HasKey(m => m.Id);
        module.HasIndex(m => new { m.PatientId, m.Week }).IsUnique();
        module.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId).OnDelete(DeleteBehavior.Cascade);
        module.HasOne<ModuleVersion>().WithMany().HasForeignKey(m => m.ModuleVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
