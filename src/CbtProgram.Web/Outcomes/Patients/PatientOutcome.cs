namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// The stored outcome summary of one patient on one measure (table <c>patient_outcomes</c>, key patient + measure), kept in
/// step with every write that changes it by <see cref="PatientOutcomeStore"/>, in the same transaction. Reports aggregate
/// it with SQL; the figures mean what <see cref="OutcomeFigures"/> says.
/// </summary>
public sealed class PatientOutcome
{
    private PatientOutcome() { }

    public PatientOutcome(Guid patientId, string measureId)
    {
        PatientId = patientId;
        MeasureId = measureId;
    }

    public Guid PatientId { get; private set; }
    public string MeasureId { get; private set; } = "";
    public DateOnly? StartDate { get; private set; }
    public double? Baseline { get; private set; }
    public double? Mid { get; private set; }
    public double? Post { get; private set; }
    public double? FollowUp { get; private set; }
    public int? BaselineDiaryDays { get; private set; }
    public int? PostDiaryDays { get; private set; }
    public int? FollowUpDiaryDays { get; private set; }
    public double? ChangePost { get; private set; }
    public double? ChangeFollowUp { get; private set; }
    public double? RciPost { get; private set; }
    public double? RciFollowUp { get; private set; }
    public bool? CaseAtBaseline { get; private set; }
    public bool? CaseAtPost { get; private set; }
    public bool? CaseAtFollowUp { get; private set; }
    public bool? ReliableImprovementPost { get; private set; }
    public bool? ReliableImprovementFollowUp { get; private set; }
    public bool? ReliableDeteriorationPost { get; private set; }
    public bool? ReliableDeteriorationFollowUp { get; private set; }
    public bool? RecoveryPost { get; private set; }
    public bool? RecoveryFollowUp { get; private set; }
    public bool? ReliableRecoveryPost { get; private set; }
    public bool? ReliableRecoveryFollowUp { get; private set; }
    public bool? ResponderPost { get; private set; }
    public bool? ResponderFollowUp { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }
    /// <summary>PostgreSQL's xmin: two writes that computed from different snapshots cannot both store (the second retries).</summary>
    public uint Version { get; private set; }

    public OutcomeFigures Figures() => new(MeasureId)
    {
        StartDate = StartDate, Baseline = Baseline, Mid = Mid, Post = Post, FollowUp = FollowUp,
        BaselineDiaryDays = BaselineDiaryDays, PostDiaryDays = PostDiaryDays, FollowUpDiaryDays = FollowUpDiaryDays,
        ChangePost = ChangePost, ChangeFollowUp = ChangeFollowUp, RciPost = RciPost, RciFollowUp = RciFollowUp,
        CaseAtBaseline = CaseAtBaseline, CaseAtPost = CaseAtPost, CaseAtFollowUp = CaseAtFollowUp,
        ReliableImprovementPost = ReliableImprovementPost, ReliableImprovementFollowUp = ReliableImprovementFollowUp,
        ReliableDeteriorationPost = ReliableDeteriorationPost, ReliableDeteriorationFollowUp = ReliableDeteriorationFollowUp,
        RecoveryPost = RecoveryPost, RecoveryFollowUp = RecoveryFollowUp,
        ReliableRecoveryPost = ReliableRecoveryPost, ReliableRecoveryFollowUp = ReliableRecoveryFollowUp,
        ResponderPost = ResponderPost, ResponderFollowUp = ResponderFollowUp,
    };

    /// <summary>Takes the new figures; ComputedAt moves only when something changed, so an unchanged row is not written.</summary>
    public void Apply(OutcomeFigures f, DateTimeOffset now)
    {
        if (f.MeasureId != MeasureId)
            throw new ArgumentException($"figures for {f.MeasureId} given to the {MeasureId} row", nameof(f));
        if (Figures() == f && ComputedAt != default)
            return;
        (StartDate, Baseline, Mid, Post, FollowUp) = (f.StartDate, f.Baseline, f.Mid, f.Post, f.FollowUp);
        (BaselineDiaryDays, PostDiaryDays, FollowUpDiaryDays) = (f.BaselineDiaryDays, f.PostDiaryDays, f.FollowUpDiaryDays);
        (ChangePost, ChangeFollowUp, RciPost, RciFollowUp) = (f.ChangePost, f.ChangeFollowUp, f.RciPost, f.RciFollowUp);
        (CaseAtBaseline, CaseAtPost, CaseAtFollowUp) = (f.CaseAtBaseline, f.CaseAtPost, f.CaseAtFollowUp);
        (ReliableImprovementPost, ReliableImprovementFollowUp) = (f.ReliableImprovementPost, f.ReliableImprovementFollowUp);
        (ReliableDeteriorationPost, ReliableDeteriorationFollowUp) = (f.ReliableDeteriorationPost, f.ReliableDeteriorationFollowUp);
        (RecoveryPost, RecoveryFollowUp, ReliableRecoveryPost, ReliableRecoveryFollowUp) = (f.RecoveryPost, f.RecoveryFollowUp, f.ReliableRecoveryPost, f.ReliableRecoveryFollowUp);
        (ResponderPost, ResponderFollowUp) = (f.ResponderPost, f.ResponderFollowUp);
        ComputedAt = now;
    }
}
