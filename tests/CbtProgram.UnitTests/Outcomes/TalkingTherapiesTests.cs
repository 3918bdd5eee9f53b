using CbtProgram.UnitTests.Safety;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.UnitTests.Outcomes;

public sealed class TalkingTherapiesTests
{
    private static PairedOutcome Classify(double? phqPre, double? phqPost, double? gadPre, double? gadPost) =>
        TalkingTherapies.Classify(ShippedMeasures.Get("phq-9").Outcomes!.Rules("phq-9"), phqPre, phqPost,
            ShippedMeasures.Get("gad-7").Outcomes!.Rules("gad-7"), gadPre, gadPost);

    [Fact]
    public void ReliableRecovery_CaseAtBaseline_BothBelowLater_AndReliablyImproved()
    {
        Assert.Equal(new PairedOutcome(true, true, false, true, true), Classify(16, 9, 9, 7));
    }

    [Fact]
    public void Recovery_WithoutReliableImprovement_IsNotReliableRecovery()
    {
        Assert.Equal(new PairedOutcome(true, false, false, true, false), Classify(12, 9, 6, 5));
    }

    [Fact]
    public void Recovery_NeedsBothMeasuresBelowCaseness()
    {
        // PHQ-9 down to 9 but GAD-7 still 8 (caseness is 8 or more).
        Assert.Equal(new PairedOutcome(true, true, false, false, false), Classify(16, 9, 9, 8));
    }

    [Fact]
    public void ImprovementOnOne_DeteriorationOnTheOther_IsDeteriorationOnly()
    {
        Assert.Equal(new PairedOutcome(true, false, true, false, false), Classify(16, 10, 4, 8));
    }

    [Fact]
    public void NotACaseAtBaseline_RecoveryDoesNotApply()
    {
        Assert.Equal(new PairedOutcome(false, false, false, null, null), Classify(9, 8, 7, 6));
    }

    [Fact]
    public void CasenessEdge_Phq9Of10AtBaseline_IsACase() => Assert.True(Classify(10, 4, 0, 0).CaseAtBaseline);

    [Fact]
    public void MissingMeasure_LeavesEveryClassificationUnknown()
    {
        Assert.Equal(new PairedOutcome(true, null, null, null, null), Classify(16, 9, 9, null));
        Assert.Equal(PairedOutcome.Missing, Classify(null, 9, 9, 4));
    }
}
