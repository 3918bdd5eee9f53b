using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using static CbtProgram.Web.Domain.Diary.AcuteMedicineKinds;

namespace CbtProgram.UnitTests.Care;

/// <summary>The medication-overuse rule at each of its edges: 10 days, 15 days, several kinds, unknown kinds, the window, coverage.</summary>
public sealed class MedicationOveruseTests
{
    private static readonly DateOnly Today = new(2027, 3, 28);

    /// <summary>Medicine of the given kinds on the first n days back from today (today, yesterday, ...), one day each.</summary>
    private static IEnumerable<MedicineDay> Taken(int days, AcuteMedicineKinds kinds, int startingDaysBack = 0) =>
        Enumerable.Range(startingDaysBack, days).Select(back => new MedicineDay(Today.AddDays(-back), true, kinds));

    private static IEnumerable<MedicineDay> Free(int days, int startingDaysBack) =>
        Enumerable.Range(startingDaysBack, days).Select(back => new MedicineDay(Today.AddDays(-back), false, None));

    private static MedicationOveruseAssessment Assess(IEnumerable<MedicineDay> days) => MedicationOveruse.Assess(days, Today);

    [Fact]
    public void Assess_TriptanOn9Days_DoesNotFlag()
    {
        var result = Assess(Taken(9, Triptan));

        Assert.False(result.IsFlagged);
        Assert.Equal(9, result.TenDayKindDays);
    }

    [Fact]
    public void Assess_TriptanOn10Days_Flags()
    {
        var result = Assess(Taken(10, Triptan));

        Assert.True(result.IsFlagged);
        Assert.Equal(MedicationOveruseReasons.TenDayKinds, result.Reasons);
    }

    [Theory]
    [InlineData(CombinationPainkiller)]
    [InlineData(Opioid)]
    public void Assess_CombinationOrOpioid_Flags_At10Days_Not9(AcuteMedicineKinds kind)
    {
        Assert.False(Assess(Taken(9, kind)).IsFlagged);
        Assert.Equal(MedicationOveruseReasons.TenDayKinds, Assess(Taken(10, kind)).Reasons);
    }

    [Fact]
    public void Assess_TriptansAndOpioidsOnDifferentDays_CountTogether_ForTheTenDays()
    {
        var result = Assess(Taken(5, Triptan).Concat(Taken(5, Opioid, startingDaysBack: 5)));

        Assert.Equal(10, result.TenDayKindDays);
        Assert.True(result.Reasons.HasFlag(MedicationOveruseReasons.TenDayKinds));
    }

    [Fact]
    public void Assess_SimplePainkillerOn14Days_DoesNotFlag()
    {
        var result = Assess(Taken(14, SimplePainkiller));

        Assert.False(result.IsFlagged);
        Assert.Equal(14, result.SimplePainkillerDays);
        Assert.Equal(0, result.TenDayKindDays);
    }

    [Fact]
    public void Assess_SimplePainkillerOn15Days_Flags()
    {
        var result = Assess(Taken(15, SimplePainkiller));

        Assert.True(result.IsFlagged);
        Assert.Equal(MedicationOveruseReasons.SimplePainkillers, result.Reasons);
    }

    [Fact]
    public void Assess_TwoKindsOn10DaysInAll_Flags_AsSeveralKinds()
    {
        var result = Assess(Taken(9, SimplePainkiller).Concat(Taken(1, Triptan, startingDaysBack: 9)));

        Assert.Equal(MedicationOveruseReasons.SeveralKinds, result.Reasons);
        Assert.Equal(10, result.MedicineDays);
        Assert.Equal(2, result.KindsUsed);
    }

    [Fact]
    public void Assess_TwoKindsOn9DaysInAll_DoesNotFlag()
    {
        var result = Assess(Taken(8, SimplePainkiller).Concat(Taken(1, Triptan, startingDaysBack: 8)));

        Assert.False(result.IsFlagged);
        Assert.Equal(2, result.KindsUsed);
    }

    [Fact]
    public void Assess_TwoKindsOnTheSameDay_AreSeveralKinds()
    {
        var result = Assess(Taken(10, SimplePainkiller | CombinationPainkiller));

        Assert.Equal(MedicationOveruseReasons.TenDayKinds | MedicationOveruseReasons.SeveralKinds, result.Reasons);
        Assert.Equal(10, result.MedicineDays); // a day counts once however many kinds were taken on it
    }

    [Fact]
    public void Assess_OneKindOn14Days_IsNotSeveralKinds()
    {
        Assert.Equal(1, Assess(Taken(14, SimplePainkiller)).KindsUsed);
        Assert.False(Assess(Taken(14, SimplePainkiller)).Reasons.HasFlag(MedicationOveruseReasons.SeveralKinds));
    }

    [Fact]
    public void Assess_UnknownKind_CountsTowardTheTenDays()
    {
        Assert.False(Assess(Taken(9, None)).IsFlagged);
        Assert.Equal(MedicationOveruseReasons.TenDayKinds, Assess(Taken(10, None)).Reasons);
    }

    [Fact]
    public void Assess_Other_CountsTowardTheTenDays()
    {
        Assert.False(Assess(Taken(9, Other)).IsFlagged);
        Assert.True(Assess(Taken(10, Other)).Reasons.HasFlag(MedicationOveruseReasons.TenDayKinds));
    }

    [Fact]
    public void Assess_UnknownKindBesideSimplePainkillers_IsAnotherKind()
    {
        var result = Assess(Taken(9, SimplePainkiller).Concat(Taken(1, None, startingDaysBack: 9)));

        Assert.Equal(MedicationOveruseReasons.SeveralKinds, result.Reasons);
    }

    [Fact]
    public void Assess_UnrecordedDays_CountForNothing_AndCoverageSaysHowManyWereRecorded()
    {
        // 10 triptan days among 21 recorded: the 7 days not recorded are neither medicine days nor medicine-free ones.
        var result = Assess(Taken(10, Triptan).Concat(Free(11, startingDaysBack: 10)));

        Assert.Equal(21, result.RecordedDays);
        Assert.Equal(28, result.WindowDays);
        Assert.Equal(10, result.MedicineDays);
        Assert.True(result.IsFlagged);
    }

    [Fact]
    public void Assess_FewDaysRecorded_CountsWhatWasRecorded_WithoutScalingUp()
    {
        // 9 triptan days in 12 recorded would be 21 per 28 scaled up; the rule counts days, it does not guess.
        var result = Assess(Taken(9, Triptan).Concat(Free(3, startingDaysBack: 9)));

        Assert.Equal(12, result.RecordedDays);
        Assert.False(result.IsFlagged);
    }

    [Fact]
    public void Assess_DaysBeforeTheWindowOrAfterToday_AreLeftOut()
    {
        // Days 0-27 back are the window; 9 inside, one on day 28 back and one tomorrow do not count.
        var days = Taken(9, Triptan).Concat(Taken(1, Triptan, startingDaysBack: 28)).Append(new MedicineDay(Today.AddDays(1), true, Triptan));

        var result = Assess(days);

        Assert.False(result.IsFlagged);
        Assert.Equal(9, result.RecordedDays);
        Assert.Equal(MedicationOveruse.WindowStart(Today), Today.AddDays(-27));
    }

    [Fact]
    public void Assess_TheWindowsFirstDay_Counts()
    {
        var result = Assess(Taken(9, Triptan).Concat(Taken(1, Triptan, startingDaysBack: 27)));

        Assert.True(result.IsFlagged);
    }

    [Fact]
    public void Assess_TheSameDateTwice_CountsOnce()
    {
        var result = Assess(Taken(9, Triptan).Concat(Taken(1, Triptan)));

        Assert.Equal(9, result.MedicineDays);
        Assert.False(result.IsFlagged);
    }

    [Fact]
    public void Assess_FromCounts_AgreesWithAssess_FromDays()
    {
        var days = Taken(6, Triptan).Concat(Taken(5, SimplePainkiller, startingDaysBack: 6)).Concat(Free(8, startingDaysBack: 11)).ToList();

        var fromDays = MedicationOveruse.Assess(days, Today);
        var fromCounts = MedicationOveruse.Assess(days.Count, days.Where(d => d.TookAcuteMedicine).Select(d => d.Kinds));

        Assert.Equal(fromDays, fromCounts);
        Assert.Equal(MedicationOveruseReasons.SeveralKinds, fromDays.Reasons);
    }

    [Fact]
    public void Assess_NoDiary_RecordsNothing_AndDoesNotFlag()
    {
        var result = Assess([]);

        Assert.Equal(0, result.RecordedDays);
        Assert.False(result.IsFlagged);
    }
}
