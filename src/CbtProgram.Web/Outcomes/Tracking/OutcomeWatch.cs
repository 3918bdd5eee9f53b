using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Outcomes.Tracking;

/// <summary>
/// One patient's not-on-track rule (chosen by their therapist; none stored = the default) and flag: when it was raised
/// while it is on, and how many times it has been raised (the episode number in the email's key).
/// </summary>
public sealed class OutcomeWatch
{
    private OutcomeWatch() { }

    public OutcomeWatch(Guid patientId, string rule)
    {
        PatientId = patientId;
        Rule = rule;
    }

    public Guid PatientId { get; private set; }
    public string Rule { get; private set; } = NotOnTrackRules.ReliableDeterioration;
    public DateTimeOffset? FlaggedAt { get; private set; }
    public int Episodes { get; private set; }

    public void Choose(string rule) => Rule = rule;
}

internal sealed class OutcomeWatchConfiguration : IEntityTypeConfiguration<OutcomeWatch>
{
    public void Configure(EntityTypeBuilder<OutcomeWatch> watch)
    {
        watch.ToTable("outcome_watches");
        watch.HasKey(w => w.PatientId);
        watch.Property(w => w.Rule).HasMaxLength(32);
        watch.HasOne<Patient>().WithMany().HasForeignKey(w => w.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
