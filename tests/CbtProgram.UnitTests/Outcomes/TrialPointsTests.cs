using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.UnitTests.Outcomes;

/// <summary>Which answers are a patient's mid and post scores: the trial's post is taken after week 12, not as it opens.</summary>
public sealed class TrialPointsTests
{
    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly AssessmentPoint Mid = new() { Id = AssessmentPoints.Mid, Week = 6, WindowDays = 7 };
    private static readonly AssessmentPoint Post = new() { Id = AssessmentPoints.Post, AfterWeek = 12, WindowDays = 14 };

    private static OutcomeFigures Phq9(params ScoreAt[] scores) =>
        PatientOutcomeCalculator.Compute(new PatientOutcomeInputs(scores, [], null, null, null,
                new Dictionary<string, MeasureOutcomeRules>(), Mid.SharedCheckInWeek(), Post.SharedCheckInWeek()))
            .Single(r => r.MeasureId == "phq-9");

    [Fact]
    public void Week12sCheckIn_IsNotThePostScore()
    {
        var row = Phq9(new ScoreAt("phq-9", AssessmentPoints.Baseline, 0, 18, Monday),
            new ScoreAt("phq-9", AssessmentPoints.Weekly, 12, 9, Monday.AddDays(77)));

        Assert.Null(row.Post);
    }

    [Fact]
    public void ThePostAnswer_IsThePostScore()
    {
        var row = Phq9(new ScoreAt("phq-9", AssessmentPoints.Weekly, 12, 9, Monday.AddDays(77)),
            new ScoreAt("phq-9", AssessmentPoints.Post, 12, 7, Monday.AddDays(85)));

        Assert.Equal(7, row.Post);
    }

    [Fact]
    public void Week6sCheckIn_IsTheMidScore_WhenMidIsAskedWithinWeek6()
    {
        var row = Phq9(new ScoreAt("phq-9", AssessmentPoints.Weekly, 6, 11, Monday.AddDays(35)));

        Assert.Equal(11, row.Mid);
    }

    [Theory]
    [InlineData(AssessmentPoints.Mid, 6, null, 7, 6)]
    [InlineData(AssessmentPoints.Mid, 6, null, null, 6)]
    [InlineData(AssessmentPoints.Mid, 6, null, 8, null)] // open past the week: a separate answer
    [InlineData(AssessmentPoints.Post, null, 12, 14, null)]
    [InlineData(AssessmentPoints.Post, 12, null, null, null)] // even an old-style "week: 12" post
    public void SharedCheckInWeek(string id, int? week, int? afterWeek, int? windowDays, int? expected) =>
        Assert.Equal(expected, new AssessmentPoint { Id = id, Week = week, AfterWeek = afterWeek, WindowDays = windowDays }.SharedCheckInWeek());
}
