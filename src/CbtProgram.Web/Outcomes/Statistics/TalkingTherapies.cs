namespace CbtProgram.Web.Outcomes.Statistics;

/// <summary>
/// The paired NHS Talking Therapies classification of one patient between baseline and a later point.
/// CaseAtBaseline: PHQ-9 or GAD-7 at caseness at baseline; recovery is asked only of these.
/// </summary>
public sealed record PairedOutcome(
    bool? CaseAtBaseline, bool? ReliableImprovement, bool? ReliableDeterioration, bool? Recovery, bool? ReliableRecovery)
{
    public static readonly PairedOutcome Missing = new(null, null, null, null, null);
}

/// <summary>
/// NHS Talking Therapies outcome definitions on the PHQ-9 and GAD-7 pair (NHS England, "NHS Talking Therapies for
/// anxiety and depression manual", outcomes; PROGRAM.md, Outcome definitions):
/// caseness = PHQ-9 at caseness or GAD-7 at caseness; reliable improvement = at least one reliably improved and neither
/// reliably deteriorated; reliable deterioration = at least one reliably deteriorated; recovery = a case at baseline and
/// neither at caseness later; reliable recovery = recovery and reliable improvement. Thresholds come from the two
/// measures' rules. Both measures are needed at both points; otherwise every answer is null (missing).
/// </summary>
public static class TalkingTherapies
{
    public static PairedOutcome Classify(MeasureOutcomeRules phq9, double? phq9Pre, double? phq9Post, MeasureOutcomeRules gad7, double? gad7Pre, double? gad7Post)
    {
        var caseAtBaseline = phq9Pre is null || gad7Pre is null ? (bool?)null : phq9.IsCase(phq9Pre) is true || gad7.IsCase(gad7Pre) is true;
        if (phq9Pre is null || phq9Post is null || gad7Pre is null || gad7Post is null)
            return PairedOutcome.Missing with { CaseAtBaseline = caseAtBaseline };

        var deteriorated = phq9.ReliableDeterioration(phq9Pre, phq9Post) is true || gad7.ReliableDeterioration(gad7Pre, gad7Post) is true;
        var improved = !deteriorated && (phq9.ReliableImprovement(phq9Pre, phq9Post) is true || gad7.ReliableImprovement(gad7Pre, gad7Post) is true);
        bool? recovery = caseAtBaseline is true ? phq9.IsCase(phq9Post) is false && gad7.IsCase(gad7Post) is false : null;
        return new PairedOutcome(caseAtBaseline, improved, deteriorated, recovery, recovery is { } r ? r && improved : null);
    }
}
