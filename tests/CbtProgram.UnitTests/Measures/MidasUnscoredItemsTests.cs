using CbtProgram.Web.Domain.Measures;
using static CbtProgram.UnitTests.Safety.ShippedMeasures;

namespace CbtProgram.UnitTests.Measures;

/// <summary>MIDAS questions A (headache days) and B (average pain) are asked and stored, and never change the score or grade.</summary>
public sealed class MidasUnscoredItemsTests
{
    private static readonly Web.Curriculum.Definitions.MeasureDefinition Midas = Get("midas");

    [Fact]
    public void TheShippedFile_AsksAAndBAfterTheFiveScoredQuestions()
    {
        Assert.Equal(["1", "2", "3", "4", "5", "A", "B"], Midas.Items.Select(i => i.Name));
        Assert.Equal([true, true, true, true, true, false, false], Midas.Items.Select(i => i.Scored));
        Assert.Equal((0, 90), (Midas.AnswerFor(Midas.Items[5]).Lowest, Midas.AnswerFor(Midas.Items[5]).Highest));
        Assert.Equal((0, 10), (Midas.AnswerFor(Midas.Items[6]).Lowest, Midas.AnswerFor(Midas.Items[6]).Highest));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(90, 10)]
    [InlineData(45, 6)]
    public void AAndB_NeverChangeTheScoreOrGrade(int a, int b)
    {
        // 1 day on each scored question: 5, the top of grade I. Were A or B counted, it would be grade IV.
        var scored = QuestionnaireScoring.Score(Midas, Answers(Midas, 1, (6, a), (7, b)));

        Assert.True(scored.IsValid);
        Assert.Equal(5, scored.Score);
        Assert.Equal("Grade I: Little or no disability", scored.Band);
        Assert.Equal([1, 1, 1, 1, 1, a, b], scored.Answers);
        Assert.Equal(a, Midas.AnswerOf(scored.Answers, 6));
        Assert.Equal(b, Midas.AnswerOf(scored.Answers, 7));
    }

    [Fact]
    public void AStoredResponseFromBeforeAAndB_ReadsThemAsNotAsked() =>
        Assert.Null(Midas.AnswerOf([1, 2, 3, 4, 5], 6));

    [Fact]
    public void AAndB_MustBeAnswered_AndAreNamedByTheirLetters()
    {
        var scored = QuestionnaireScoring.Score(Midas, Answers(Midas, 1, (6, null), (7, null)));

        Assert.Equal("Please answer questions A and B.", Assert.Single(scored.Problems));
    }

    [Theory]
    [InlineData(6, 91, "Question A: 91 is not one of the answers (use 0 to 90).")]
    [InlineData(7, 11, "Question B: 11 is not one of the answers (use 0 to 10).")]
    public void AnAnswerOutOfRange_IsRefusedByName(int item, int value, string problem) =>
        Assert.Equal(problem, Assert.Single(QuestionnaireScoring.Score(Midas, Answers(Midas, 0, (item, value))).Problems));
}
