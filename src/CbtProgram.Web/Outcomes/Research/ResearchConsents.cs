using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Research;

/// <summary>
/// The optional research item: offered at consent and on the patient's "Your information" page, recorded with its
/// version and time, changeable at any time. A patient counts as agreeing only while their latest answer is yes to the
/// version now live; a new version of the text leaves everyone out until they answer it.
/// </summary>
public sealed class ResearchConsents(AppDbContext db, ProgramCatalog program, TimeProvider clock)
{
    public sealed record Status(ConsentText? Offered, ResearchConsentDecision? Latest)
    {
        public bool AgreesNow => Offered is not null && Latest is { Agreed: true } latest && latest.Version >= Offered.Version;
        /// <summary>They said yes to an older text, so they are asked again.</summary>
        public bool NeedsAskingAgain => Offered is not null && Latest is { Agreed: true } latest && latest.Version < Offered.Version;
    }

    public async Task<ConsentText?> OfferedAsync() => (await program.GetAsync()).Program.Consent.Research;

    public async Task<Status> StatusAsync(Guid patientId, CancellationToken cancellationToken = default) =>
        new(await OfferedAsync(), await db.Set<ResearchConsentDecision>().AsNoTracking()
            .Where(d => d.PatientId == patientId).OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken));

    /// <summary>Records a yes or a no to the given version; refused (with the reason, nothing saved) when that is not the live text.</summary>
    public async Task<string?> RecordAsync(Guid patientId, int version, bool agreed, CancellationToken cancellationToken = default)
    {
        var offered = await OfferedAsync();
        if (offered is null)
            return "Your clinic is not asking about research at the moment, so there is nothing to change.";
        if (version != offered.Version)
            return "The words about research changed while you were reading them. Please read them again and choose.";
        db.Set<ResearchConsentDecision>().Add(new ResearchConsentDecision(patientId, version, agreed, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// SQL for the ids of the patients whose latest answer is yes to version <c>@research_version</c> or a later one: the
    /// only patients a research export may hold.
    /// </summary>
    public const string AgreeingPatientsSql = """
        SELECT "PatientId" FROM (
            SELECT DISTINCT ON ("PatientId") "PatientId", "Agreed", "Version" FROM research_consents ORDER BY "PatientId", "Id" DESC) latest
        WHERE "Agreed" AND "Version" >= @research_version
        """;
}
