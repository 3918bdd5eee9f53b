using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Measures;
using static CbtProgram.UnitTests.Safety.ShippedMeasures;

namespace CbtProgram.UnitTests.Safety;

/// <summary>Scoring, bands and the risk rule at every edge, on the questionnaires as shipped; risk on incomplete answers too.</summary>
public sealed class QuestionnaireScoringTests
{
    private static readonly Web.Curriculum.Definitions.MeasureDefinition Phq9 = Get("phq-9");

    [Theory]
    [InlineData(4, "Minimal")]
    [InlineData(5, "Mild")]
    [InlineData(9, "Mild")]
    [InlineData(10, "Moderate")]
    [InlineData(14, "Moderate")]
    [InlineData(15, "Moderately severe")]
    [InlineData(19, "Moderately severe")]
    [InlineData(20, "Severe")]
    public void Phq9_BandsAtEachEdge(int total, string band)
    {
        // Items 1-8 carry the total (item 9 stays 0, so only the total rule can raise risk).
        var answers = Answers(Phq9, 0);
        for (var item = 1; item <= 8 && total > 0; item++)
        {
            answers[item] = Math.Min(3, total);
            total -= answers[item]!.Value;
        }
        var scored = QuestionnaireScoring.Score(Phq9, answers);

        Assert.True(scored.IsValid);
        Assert.Equal(band, scored.Band);
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    public void Phq9_ATotalOf20_RaisesRisk_19DoesNot(int total, bool risky)
    {
        var answers = Answers(Phq9, 0);
        for (var item = 1; item <= 8 && total > 0; item++)
        {
            answers[item] = Math.Min(3, total);
            total -= answers[item]!.Value;
        }

        Assert.Equal(risky, QuestionnaireScoring.Score(Phq9, answers).RaisesRisk);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    public void Phq9_Item9AboveZero_RaisesRisk(int item9, bool risky)
    {
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 0, (9, item9)));

        Assert.Equal(risky, scored.RaisesRisk);
        Assert.Equal(risky, scored.RiskReasons.Any(r => r.Contains("question 9", StringComparison.Ordinal)));
    }

    [Fact]
    public void Phq9_OnlyItem9Answered_IsIncomplete_ButRaisesRisk_AndKeepsTheAnswer()
    {
        var scored = QuestionnaireScoring.Score(Phq9, new Dictionary<int, int?> { [9] = 3 });

        Assert.False(scored.IsValid);
        Assert.Equal("Please answer questions 1, 2, 3, 4, 5, 6, 7 and 8.", scored.Problems[0]);
        Assert.True(scored.RaisesRisk);
        Assert.Equal([null, null, null, null, null, null, null, null, 3], scored.Given);
        Assert.Throws<InvalidOperationException>(() => scored.Answers);
    }

    [Fact]
    public void Phq9_AnIncompleteTotalAlready20_RaisesRisk()
    {
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 3, (1, null), (9, 0))); // 7 items of 3 = 21, item 1 missing

        Assert.False(scored.IsValid);
        Assert.Equal(["A total of 20 or more"], scored.RiskReasons);
    }

    [Fact]
    public void Phq9_AnAnswerOutOfRange_IsAProblem_AndNeverCountsAsRisk()
    {
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 0, (9, 7)));

        Assert.False(scored.IsValid);
        Assert.Contains("Question 9: 7 is not one of the answers (use 0 to 3).", scored.Problems);
        Assert.False(scored.RaisesRisk);
        Assert.Null(scored.Given[8]);
    }

    [Fact]
    public void StoredAnswers_GoThroughTheSameRule()
    {
        Assert.NotEmpty(QuestionnaireScoring.RiskReasons(Phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1]));
        Assert.Empty(QuestionnaireScoring.RiskReasons(Phq9, [2, 2, 2, 2, 2, 2, 2, 2, 0])); // 16
    }

    [Theory]
    [InlineData(7, 28, "Very low well-being")]
    [InlineData(8, 32, "Low well-being")]
    [InlineData(12, 48, "Low well-being")]
    [InlineData(13, 52, "Well-being not low")]
    [InlineData(25, 100, "Well-being not low")]
    public void Who5_IsTheRawScoreTimesFour_WithItsBands(int raw, int percentage, string band)
    {
        var who5 = Get("who-5");
        var answers = Answers(who5, 0);
        for (var item = 1; item <= who5.Items.Count && raw > 0; item++)
        {
            answers[item] = Math.Min(5, raw);
            raw -= answers[item]!.Value;
        }
        var scored = QuestionnaireScoring.Score(who5, answers);

        Assert.Equal((percentage, band), (scored.Score, scored.Band));
        Assert.False(scored.RaisesRisk);
    }

    [Theory]
    [InlineData(5, "Grade I: Little or no disability")]
    [InlineData(6, "Grade II: Mild disability")]
    [InlineData(10, "Grade II: Mild disability")]
    [InlineData(11, "Grade III: Moderate disability")]
    [InlineData(20, "Grade III: Moderate disability")]
    [InlineData(21, "Grade IV: Severe disability")]
    public void Midas_GradesAtEachEdge(int days, string grade)
    {
        var midas = Get("midas");
        var scored = QuestionnaireScoring.Score(midas, Answers(midas, 0, (1, days)));

        Assert.Equal((days, grade), (scored.Score, scored.Band));
    }

    [Theory]
    [InlineData(8, 12, false)]
    [InlineData(8, 13, true)]
    [InlineData(null, 20, false)]
    public void Worsening_IsAPhq9RiseOfFiveOrMoreFromBaseline(int? baseline, int latest, bool worsening) =>
        Assert.Equal(worsening, ClinicalFlags.IsWorsening(baseline, latest, rise: 5));

    [Fact]
    public void OneQuestionMissing_IsNamedOnItsOwn()
    {
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 1, (4, null)));

        Assert.Equal(["Please answer question 4."], scored.Problems);
        Assert.Null(scored.Given[3]);
        Assert.Equal(0, scored.Score);
        Assert.Null(scored.Band);
    }

    [Fact]
    public void ACompleteQuestionnaire_HasItsAnswersInItemOrder()
    {
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 0, (2, 1), (9, 2)));

        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 0, 2], scored.Answers);
        Assert.Equal(3, scored.Score);
    }

    [Fact]
    public void ANumberOfDays_MustBeInItsRange()
    {
        var midas = Get("midas");

        Assert.Contains("Question 1: 91 is not one of the answers (use 0 to 90).", QuestionnaireScoring.Score(midas, Answers(midas, 0, (1, 91))).Problems);
        Assert.Contains("Question 2: -1 is not one of the answers (use 0 to 90).", QuestionnaireScoring.Score(midas, Answers(midas, 0, (2, -1))).Problems);
        Assert.True(QuestionnaireScoring.Score(midas, Answers(midas, 0, (1, 90), (2, 0))).IsValid);
    }

    [Fact]
    public void StoredAnswers_AreJudgedOnTheirTotalTimesTheMultiplier()
    {
        Assert.Equal(["A total of 20 or more"], QuestionnaireScoring.RiskReasons(Phq9, [3, 3, 3, 3, 3, 3, 2, 0, 0]));
        Assert.Empty(QuestionnaireScoring.RiskReasons(Phq9, [3, 3, 3, 3, 3, 3, 1, 0, 0]));
    }

    [Fact]
    public void AnItemRule_LooksAtItsOwnItem()
    {
        // Every item but 9 at its highest: no item-9 reason (the total rule fires, item 9's does not).
        var scored = QuestionnaireScoring.Score(Phq9, Answers(Phq9, 3, (9, 0)));

        Assert.Equal(["A total of 20 or more"], scored.RiskReasons);
    }
}
