using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Outcomes.Research;

/// <summary>
/// One answer a patient gave to the optional research item ("my answers may be used, without my name, for research"):
/// yes or no, to which version of its text, and when. Never changed or deleted: the latest row is the patient's
/// current choice, the rows before it the history (a withdrawal is a "no" row). No row at all means no.
/// </summary>
public sealed class ResearchConsentDecision
{
    private ResearchConsentDecision() { }

    public ResearchConsentDecision(Guid patientId, int version, bool agreed, DateTimeOffset decidedAt)
    {
        PatientId = patientId;
        Version = version;
        Agreed = agreed;
        DecidedAt = decidedAt;
    }

    /// <summary>Numbered by the database in the order the rows arrive: the highest is the latest, even within one instant.</summary>
    public long Id { get; private set; }
    public Guid PatientId { get; private set; }
    public int Version { get; private set; }
    public bool Agreed { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }
}

internal sealed class ResearchConsentDecisionConfiguration : IEntityTypeConfiguration<ResearchConsentDecision>
{
    public void Configure(EntityTypeBuilder<ResearchConsentDecision> decision)
    {
        decision.ToTable("research_consents");
        decision.HasKey(d => d.Id);
        decision.Property(d => d.Id).UseIdentityAlwaysColumn();
        decision.HasIndex(d => new { d.PatientId, d.Id });
        decision.HasOne<Domain.Patients.Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
