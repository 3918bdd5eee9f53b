using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.UnitTests.Care;

/// <summary>The therapist's flags in words, per-28-day figures, and the records behind them (notes, messages, responses).</summary>
public sealed class ClinicalFlagsAndRecordsTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 6, null)]    // six recorded days are too few to say
    [InlineData(7, 7, 28)]      // every day of seven: 28 a month
    [InlineData(3, 7, 12)]      // 3 × 28 / 7
    [InlineData(5, 21, 7)]      // 6.67 rounds to 7
    [InlineData(1, 8, 4)]       // 3.5 rounds away from zero
    public void Per28Days_ScalesTheRecordedDays_OnceThereAreEnough(int days, int recorded, int? expected) =>
        Assert.Equal(expected, ClinicalFlags.Per28Days(days, recorded));

    [Fact]
    public void EachFlag_HasItsWords()
    {
        Assert.Equal("Risk alert", ClinicalFlags.Describe(CaseFlagKind.RiskAlert, 0));
        Assert.Equal("Not on track (PHQ-9)", ClinicalFlags.Describe(CaseFlagKind.Worsening, 0));
        Assert.Equal("3 missed sessions", ClinicalFlags.Describe(CaseFlagKind.MissedSessions, 3));
        Assert.Equal("Medication overuse", ClinicalFlags.Describe(CaseFlagKind.MedicationOveruse, 0));
        Assert.Equal("Medicine on 14 of 22 days", ClinicalFlags.Describe(CaseFlagKind.MedicationOveruse, 0,
            new MedicationOveruseAssessment(22, 14, 14, 0, 2, MedicationOveruseReasons.TenDayKinds)));
        Assert.Equal("Follow-up due", ClinicalFlags.Describe(CaseFlagKind.FollowUpDue, 0));
        Assert.Equal("Follow-up missed", ClinicalFlags.Describe(CaseFlagKind.FollowUpMissed, 0));
        Assert.Equal("99", ClinicalFlags.Describe((CaseFlagKind)99, 0));
    }

    [Fact]
    public void TheOveruseReasons_InWords()
    {
        Assert.Equal("", MedicationOveruse.Describe(MedicationOveruseReasons.None));
        Assert.Equal("triptans, combination painkillers, opioids or medicine of unknown kind on 10+ days",
            MedicationOveruse.Describe(MedicationOveruseReasons.TenDayKinds));
        Assert.Equal("more than one kind of acute medicine on 10+ days in all; simple painkillers on 15+ days",
            MedicationOveruse.Describe(MedicationOveruseReasons.SeveralKinds | MedicationOveruseReasons.SimplePainkillers));
    }

    [Fact]
    public void ReasonsAddUp_AndOneDoesNotCancelAnother()
    {
        var all = MedicationOveruse.Assess(20, Enumerable.Repeat(AcuteMedicineKinds.Triptan | AcuteMedicineKinds.SimplePainkiller, 15));

        Assert.Equal(MedicationOveruseReasons.TenDayKinds | MedicationOveruseReasons.SeveralKinds | MedicationOveruseReasons.SimplePainkillers, all.Reasons);
    }

    [Fact]
    public void AClinicalNote_KeepsItsAuthorTimeAndTrimmedText()
    {
        var patientId = Guid.NewGuid();
        var note = new ClinicalNote(patientId, "therapist-1", "  Agreed a plan.  ", Now);

        Assert.NotEqual(Guid.Empty, note.Id);
        Assert.Equal((patientId, "therapist-1", "Agreed a plan.", Now), (note.PatientId, note.AuthorId, note.Text, note.WrittenAt));
    }

    [Fact]
    public void AMessage_IsReadOnce_AtTheFirstReading()
    {
        var patientId = Guid.NewGuid();
        var message = new Message(patientId, "user-1", fromPatient: true, "  Hello  ", Now);

        message.MarkRead(Now.AddHours(1));
        message.MarkRead(Now.AddHours(2));

        Assert.NotEqual(Guid.Empty, message.Id);
        Assert.Equal((patientId, "user-1", true, "Hello", Now), (message.PatientId, message.SenderId, message.FromPatient, message.Text, message.SentAt));
        Assert.Equal(Now.AddHours(1), message.ReadAt);
    }

    [Fact]
    public void AResponse_KeepsWhatWasScored()
    {
        var patientId = Guid.NewGuid();
        var response = new MeasureResponse(patientId, "phq-9", AssessmentPoints.Weekly, 3, [1, 0, 0, 0, 0, 0, 0, 0, 0], 1, "Minimal", Now);

        Assert.NotEqual(Guid.Empty, response.Id);
        Assert.Equal((patientId, "phq-9", AssessmentPoints.Weekly, 3, 1, "Minimal", Now),
            (response.PatientId, response.MeasureId, response.Point, response.Week, response.Score, response.Band, response.SubmittedAt));
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0], response.Answers);
    }
}
