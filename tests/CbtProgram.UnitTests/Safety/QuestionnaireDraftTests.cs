using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.UnitTests.Safety;

/// <summary>An unfinished questionnaire's answers are kept: a later sending adds to them, never loses one.</summary>
public sealed class QuestionnaireDraftTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ANewDraft_HoldsWhatWasGiven()
    {
        var patientId = Guid.NewGuid();
        var draft = new QuestionnaireDraft(patientId, "phq-9", AssessmentPoints.Weekly, 2, [null, 1, null], Now);

        Assert.NotEqual(Guid.Empty, draft.Id);
        Assert.Equal((patientId, "phq-9", AssessmentPoints.Weekly, 2, Now), (draft.PatientId, draft.MeasureId, draft.Point, draft.Week, draft.UpdatedAt));
        Assert.Equal([null, 1, null], draft.Answers);
    }

    [Fact]
    public void KeepingMore_AddsToTheAnswers_AndANewAnswerWins()
    {
        var draft = new QuestionnaireDraft(Guid.NewGuid(), "phq-9", AssessmentPoints.Weekly, 2, [null, 1, 3], Now);

        draft.Keep([2, null, 0], Now.AddMinutes(5));

        Assert.Equal([2, 1, 0], draft.Answers);
        Assert.Equal(Now.AddMinutes(5), draft.UpdatedAt);
    }

    [Fact]
    public void AQuestionnaireOfAnotherLength_ReplacesTheAnswers()
    {
        var draft = new QuestionnaireDraft(Guid.NewGuid(), "phq-9", AssessmentPoints.Weekly, 2, [null, 1, 3], Now);

        draft.Keep([4, null], Now);

        Assert.Equal([4, null], draft.Answers);
    }

    [Fact]
    public void NoAnswers_AreRefused() =>
        Assert.Throws<ArgumentNullException>(() => new QuestionnaireDraft(Guid.NewGuid(), "phq-9", AssessmentPoints.Weekly, 2, null!, Now));
}
