using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Safety;

namespace CbtProgram.UnitTests.Safety;

/// <summary>A risk alert's life: who owns it, its source, completion, acknowledgement, resolution and each ladder step once.</summary>
public sealed class RiskAlertTests
{
    private static readonly DateTimeOffset Raised = new(2027, 3, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly AlertSource Source = new("phq-9", AssessmentPoints.Weekly, 4, [null, 1, null, null, null, null, null, null, 3]);

    [Fact]
    public void ANewAlert_KeepsItsSourceAndAnswers_AndIsOpenAndUnacknowledged()
    {
        var patientId = Guid.NewGuid();
        var alert = new RiskAlert(patientId, "therapist-1", Source, null, "item 9", Raised);

        Assert.NotEqual(Guid.Empty, alert.Id);
        Assert.Equal((patientId, "therapist-1", "phq-9", AssessmentPoints.Weekly, 4), (alert.PatientId, alert.TherapistId, alert.MeasureId, alert.Point, alert.Week));
        Assert.Equal(Source.Answers, alert.Answers);
        Assert.Equal(("item 9", Raised), (alert.Reasons, alert.RaisedAt));
        Assert.Null(alert.MeasureResponseId);
        Assert.True(alert.IsOpen);
        Assert.False(alert.IsAcknowledged);
        Assert.False(alert.IsOwnedByLeads);
        Assert.All(Enum.GetValues<EscalationStep>(), step => Assert.Null(alert.TakenAt(step)));
    }

    [Fact]
    public void AnAlertOfAPatientWithNoTherapist_IsOwnedByTheLeads() =>
        Assert.True(new RiskAlert(Guid.NewGuid(), null, Source, null, "item 9", Raised).IsOwnedByLeads);

    [Fact]
    public void NoSource_IsRefused() =>
        Assert.Throws<ArgumentNullException>(() => new RiskAlert(Guid.NewGuid(), null, null!, null, "item 9", Raised));

    [Fact]
    public void CompletingTheQuestionnaire_LinksItsResponseOnce()
    {
        var alert = new RiskAlert(Guid.NewGuid(), null, Source, null, "item 9", Raised);
        var first = Guid.NewGuid();

        alert.CompletedAs(first);
        alert.CompletedAs(Guid.NewGuid());

        Assert.Equal(first, alert.MeasureResponseId);
    }

    [Fact]
    public void Acknowledging_KeepsTheFirstTimeAndPerson_AndResolvingNeedsItOpen()
    {
        var alert = new RiskAlert(Guid.NewGuid(), "therapist-1", Source, Guid.NewGuid(), "item 9", Raised);

        alert.Acknowledge("lead-1", Raised.AddHours(1));
        alert.Acknowledge("therapist-1", Raised.AddHours(2));
        alert.Resolve("therapist-1", "  Called; safety plan agreed.  ", Raised.AddHours(3));

        Assert.Equal(("lead-1", Raised.AddHours(1)), (alert.AcknowledgedBy, alert.AcknowledgedAt));
        Assert.Equal(("therapist-1", Raised.AddHours(3), "Called; safety plan agreed."), (alert.ResolvedBy, alert.ResolvedAt, alert.ResolutionNote));
        Assert.False(alert.IsOpen);
        Assert.Throws<InvalidOperationException>(() => alert.Resolve("therapist-1", "again", Raised.AddHours(4)));
    }

    [Fact]
    public void ResolvingAnUnacknowledgedAlert_AcknowledgesItToo()
    {
        var alert = new RiskAlert(Guid.NewGuid(), "therapist-1", Source, null, "item 9", Raised);

        alert.Resolve("therapist-1", "Seen in clinic.", Raised.AddHours(5));

        Assert.Equal(("therapist-1", Raised.AddHours(5)), (alert.AcknowledgedBy, alert.AcknowledgedAt));
    }

    [Theory]
    [InlineData(EscalationStep.ClinicalLeads)]
    [InlineData(EscalationStep.Admins)]
    [InlineData(EscalationStep.UnresolvedReminder)]
    public void EachStep_IsRecordedOnce_AndOnlyItself(EscalationStep step)
    {
        var alert = new RiskAlert(Guid.NewGuid(), "therapist-1", Source, null, "item 9", Raised);

        Assert.True(alert.Escalate(step, Raised.AddHours(4)));
        Assert.False(alert.Escalate(step, Raised.AddHours(9)));

        Assert.Equal(Raised.AddHours(4), alert.TakenAt(step));
        Assert.All(Enum.GetValues<EscalationStep>().Where(s => s != step), other => Assert.Null(alert.TakenAt(other)));
        Assert.Equal(step == EscalationStep.ClinicalLeads ? Raised.AddHours(4) : null, alert.EscalatedToLeadsAt);
        Assert.Equal(step == EscalationStep.Admins ? Raised.AddHours(4) : null, alert.EscalatedToAdminsAt);
        Assert.Equal(step == EscalationStep.UnresolvedReminder ? Raised.AddHours(4) : null, alert.UnresolvedReminderAt);
    }

    [Fact]
    public void AStepThatIsNotOnTheLadder_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RiskAlert(Guid.NewGuid(), null, Source, null, "x", Raised).TakenAt((EscalationStep)9));
}
