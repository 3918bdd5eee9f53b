using CbtProgram.Web.Domain.Enrolments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// The running programs (active or paused), by id: the zone-rules check (<see cref="ZoneRulesCheck"/>) joins the waiting
/// events to these instead of reading every enrolment, so its daily cost stays flat as finished programs accumulate.
/// </summary>
internal sealed class ZoneRulesIndex : IEntityTypeConfiguration<Enrolment>
{
    public const string Name = "IX_enrolments_running";

    public void Configure(EntityTypeBuilder<Enrolment> enrolment) =>
        enrolment.HasIndex(e => e.Id, Name)
            .HasFilter($"\"Status\" IN ({(int)EnrolmentStatus.Active}, {(int)EnrolmentStatus.Paused})");
}
