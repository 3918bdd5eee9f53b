namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// One row of a patient's outcome summary, as computed (and as stored in <c>patient_outcomes</c>). Null always means
/// "cannot say": the point is missing, a diary window has too few days, or the rule does not apply (recovery is asked only
/// of a case at baseline; response only of a baseline with headache days). Nothing is imputed.
/// </summary>
public sealed record OutcomeFigures(string MeasureId)
{
    /// <summary>The local date week 1 opened (the program's start), for reports by start period.</summary>
    public DateOnly? StartDate { get; init; }
    public double? Baseline { get; init; }
    public double? Mid { get; init; }
    public double? Post { get; init; }
    public double? FollowUp { get; init; }
    /// <summary>Diary rows: the days recorded in each 28-day window (the figures need <c>HeadacheWindow.MinimumDays</c>).</summary>
    public int? BaselineDiaryDays { get; init; }
    public int? PostDiaryDays { get; init; }
    public int? FollowUpDiaryDays { get; init; }
    /// <summary>Later minus baseline, in the measure's own units (negative = went down).</summary>
    public double? ChangePost { get; init; }
    public double? ChangeFollowUp { get; init; }
    /// <summary>Jacobson-Truax reliable change index (later minus baseline over SEdiff); questionnaires only.</summary>
    public double? RciPost { get; init; }
    public double? RciFollowUp { get; init; }
    public bool? CaseAtBaseline { get; init; }
    public bool? CaseAtPost { get; init; }
    public bool? CaseAtFollowUp { get; init; }
    public bool? ReliableImprovementPost { get; init; }
    public bool? ReliableImprovementFollowUp { get; init; }
    public bool? ReliableDeteriorationPost { get; init; }
    public bool? ReliableDeteriorationFollowUp { get; init; }
    public bool? RecoveryPost { get; init; }
    public bool? RecoveryFollowUp { get; init; }
    public bool? ReliableRecoveryPost { get; init; }
    public bool? ReliableRecoveryFollowUp { get; init; }
    /// <summary>Headache-days row only: 50 % or more fewer headache days per 28 than at baseline.</summary>
    public bool? ResponderPost { get; init; }
    public bool? ResponderFollowUp { get; init; }
}
