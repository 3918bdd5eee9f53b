using CbtProgram.UnitTests.Safety;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.UnitTests.Outcomes;

/// <summary>The rules as the shipped measure files state them, at their edges.</summary>
public sealed class MeasureOutcomeRulesTests
{
    private static MeasureOutcomeRules Rules(string id) => ShippedMeasures.Get(id).Outcomes!.Rules(id);

    [Fact]
    public void ShippedFiles_StateReliabilityAndItsSource_ForEveryReportedMeasure()
    {
        foreach (var id in new[] { "phq-9", "gad-7", "who-5", "midas" })
        {
            var outcomes = ShippedMeasures.Get(id).Outcomes!;
            Assert.InRange(outcomes.Reliability.Number!.Value, 0.5, 0.99);
            Assert.False(string.IsNullOrWhiteSpace(outcomes.Reliability.Source), id);
            Assert.True(outcomes.ReferenceSd.Number > 0, id);
            Assert.False(string.IsNullOrWhiteSpace(outcomes.ReferenceSd.Source), id);
        }
        Assert.Equal((0.89, 10.0, 6.0), (Rules("phq-9").Reliability, Rules("phq-9").Cutoff!.Value, Rules("phq-9").ReliableChangePoints!.Value));
        Assert.Equal((0.92, 8.0, 4.0), (Rules("gad-7").Reliability, Rules("gad-7").Cutoff!.Value, Rules("gad-7").ReliableChangePoints!.Value));
        Assert.True(Rules("who-5").HigherIsBetter);
        Assert.False(Rules("midas").HigherIsBetter);
    }

    [Theory]
    [InlineData("phq-9", 10, true)]
    [InlineData("phq-9", 9, false)]
    [InlineData("gad-7", 8, true)]
    [InlineData("gad-7", 7, false)]
    [InlineData("who-5", 48, true)]
    [InlineData("who-5", 52, false)]
    [InlineData("midas", 11, true)]
    [InlineData("midas", 10, false)]
    public void Caseness_AtTheCutoff(string measure, double score, bool isCase) => Assert.Equal(isCase, Rules(measure).IsCase(score));

    [Theory]
    [InlineData("phq-9", 20, 14, true, false)]   // down 6: reliable (NHS Talking Therapies)
    [InlineData("phq-9", 20, 15, false, false)]  // down 5: not
    [InlineData("phq-9", 14, 20, false, true)]   // up 6: reliable deterioration
    [InlineData("phq-9", 15, 20, false, false)]
    [InlineData("gad-7", 12, 8, true, false)]    // down 4
    [InlineData("gad-7", 12, 9, false, false)]
    [InlineData("gad-7", 8, 12, false, true)]
    [InlineData("who-5", 40, 64, true, false)]   // higher is better: up 24, RCI 2.12
    [InlineData("who-5", 40, 60, false, false)]  // up 20, RCI 1.77
    [InlineData("who-5", 64, 40, false, true)]
    [InlineData("midas", 60, 30, true, false)]   // down 30 days, RCI -2.06
    [InlineData("midas", 60, 32, false, false)]  // down 28, RCI -1.92
    [InlineData("midas", 30, 60, false, true)]
    public void ReliableChange_InTheMeasuresDirection(string measure, double pre, double post, bool improved, bool deteriorated)
    {
        var rules = Rules(measure);
        Assert.Equal(improved, rules.ReliableImprovement(pre, post));
        Assert.Equal(deteriorated, rules.ReliableDeterioration(pre, post));
    }

    [Fact]
    public void MissingPoint_IsUnknown_NotNoChange()
    {
        var rules = Rules("phq-9");
        Assert.Null(rules.ReliableImprovement(null, 4));
        Assert.Null(rules.ReliableDeterioration(20, null));
        Assert.Null(rules.Recovery(15, null));
        Assert.Null(rules.Rci(null, null));
    }

    [Theory]
    [InlineData(16, 9, true, true)]    // case, below cutoff, down 7
    [InlineData(12, 9, true, false)]   // case, below cutoff, down 3: recovered, not reliably
    [InlineData(16, 10, false, false)] // still at caseness
    public void Recovery_AndClinicallySignificantChange_OnOneMeasure(double pre, double post, bool recovered, bool significant)
    {
        var rules = Rules("phq-9");
        Assert.Equal(recovered, rules.Recovery(pre, post));
        Assert.Equal(significant, rules.ClinicallySignificant(pre, post));
    }

    [Fact]
    public void Recovery_NotACaseAtBaseline_DoesNotApply() => Assert.Null(Rules("phq-9").Recovery(8, 3));
}
