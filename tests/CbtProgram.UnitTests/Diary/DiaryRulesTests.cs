using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.UnitTests.Diary;

/// <summary>The diary's answers: what medicine days need, and the new optional fields' limits.</summary>
public sealed class DiaryRulesTests
{
    private static readonly DiaryDay Plain = new(false, null, null, false, null, null, Mood: 5, SleepHours: 7);

    private static DiaryDay Medicine(AcuteMedicineKinds kinds, int? doses, string? name = "Sumatriptan") =>
        Plain with { TookAcuteMedication = true, Medication = name, MedicineKinds = kinds, MedicineDoses = doses };

    [Fact]
    public void Check_AMedicineDayWithKindAndDoses_IsFine() =>
        Assert.Empty(DiaryRules.Check(Medicine(AcuteMedicineKinds.Triptan | AcuteMedicineKinds.SimplePainkiller, 3)));

    [Fact]
    public void Check_AMedicineDayWithoutAKind_AsksForOne() =>
        Assert.Contains("Tick the kind of medicine", DiaryRules.Check(Medicine(AcuteMedicineKinds.None, 1))["MedicineKinds"]);

    [Fact]
    public void Check_AKindNotOnTheList_IsRefused() =>
        Assert.Equal("Choose the kind of medicine from the list.", DiaryRules.Check(Medicine((AcuteMedicineKinds)64, 1))["MedicineKinds"]);

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(31)]
    public void Check_DosesMissingOrOutOfRange_AreRefused(int? doses) =>
        Assert.Contains("whole number from 1 to 30", DiaryRules.Check(Medicine(AcuteMedicineKinds.Triptan, doses))["MedicineDoses"]);

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public void Check_DosesAtTheEdges_AreFine(int doses) => Assert.Empty(DiaryRules.Check(Medicine(AcuteMedicineKinds.Opioid, doses)));

    [Fact]
    public void Check_NoMedicine_IgnoresKindsAndDoses() =>
        Assert.Empty(DiaryRules.Check(Plain with { MedicineKinds = AcuteMedicineKinds.None, MedicineDoses = 99 }));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Check_RelaxationMinutes_From0To300(int minutes, bool fine) =>
        Assert.Equal(fine, !DiaryRules.Check(Plain with { RelaxationMinutes = minutes }).ContainsKey("RelaxationMinutes"));

    [Fact]
    public void Check_ANoteOver500Characters_IsRefused()
    {
        Assert.Empty(DiaryRules.Check(Plain with { Note = new string('a', 500) }));
        Assert.Equal("Please keep your note under 500 characters.", DiaryRules.Check(Plain with { Note = new string('a', 501) })["Note"]);
    }

    [Fact]
    public void Record_AnOldStyleMedicineDay_KeepsItsKindUnknown()
    {
        var entry = new DiaryEntry(Guid.NewGuid(), new DateOnly(2027, 3, 1));

        entry.Record(Plain with { TookAcuteMedication = true, Medication = "Two tablets" }, DateTimeOffset.UnixEpoch);

        Assert.Equal(AcuteMedicineKinds.None, entry.MedicineKinds);
        Assert.True(entry.TookAcuteMedication);
    }

    [Fact]
    public void Record_NoMedicine_ClearsKindsAndDoses()
    {
        var entry = new DiaryEntry(Guid.NewGuid(), new DateOnly(2027, 3, 1));
        entry.Record(Medicine(AcuteMedicineKinds.Triptan, 2), DateTimeOffset.UnixEpoch);

        entry.Record(Plain with { MedicineKinds = AcuteMedicineKinds.Triptan, MedicineDoses = 2 }, DateTimeOffset.UnixEpoch);

        Assert.Equal((AcuteMedicineKinds.None, (int?)null, (string?)null), (entry.MedicineKinds, entry.MedicineDoses, entry.Medication));
    }
}
