using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.UnitTests.CaseloadSummary;

/// <summary>The summary's packed diary days read back as they were packed, and a value of the wrong shape is refused.</summary>
public sealed class SummaryDiaryDaysTests
{
    private static readonly DateOnly From = new(2026, 10, 1);

    [Fact]
    public void PackedDays_ReadBackTheSame_EveryKindAndFlag()
    {
        var days = new List<SummaryDiaryDay>
        {
            new(From, Headache: false, Medicine: false, AcuteMedicineKinds.None),
            new(From.AddDays(1), Headache: true, Medicine: false, AcuteMedicineKinds.None),
            new(From.AddDays(5), Headache: true, Medicine: true, AcuteMedicineKinds.Triptan | AcuteMedicineKinds.Opioid),
            new(From.AddDays(34), Headache: false, Medicine: true, AcuteMedicineKinds.Other | AcuteMedicineKinds.CombinationPainkiller | AcuteMedicineKinds.SimplePainkiller),
            new(From.AddDays(400), Headache: true, Medicine: true, AcuteMedicineKinds.SimplePainkiller),
        };

        var packed = SummaryDiaryDays.Pack(From, days);

        Assert.Equal(days.Count * 8, packed.Length);
        Assert.Equal(days, SummaryDiaryDays.Read(From, packed).ToList());
    }

    [Fact]
    public void NoDays_AreAnEmptyValue_WithOrWithoutAFirstDay()
    {
        Assert.Empty(SummaryDiaryDays.Pack(From, []));
        Assert.Empty(SummaryDiaryDays.Read(null, []));
        Assert.Empty(SummaryDiaryDays.Read(From, []));
    }

    [Fact]
    public void AValueOfTheWrongShape_IsRefused()
    {
        var packed = SummaryDiaryDays.Pack(From, [new SummaryDiaryDay(From, true, false, AcuteMedicineKinds.None)]);

        var cut = Assert.Throws<ArgumentException>(() => SummaryDiaryDays.Read(From, packed[..7]).ToList());
        Assert.Contains("8 bytes a day", cut.Message);
        Assert.Throws<ArgumentException>(() => SummaryDiaryDays.Read(null, packed).ToList());
    }
}
