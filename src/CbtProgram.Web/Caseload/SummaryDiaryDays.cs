using System.Buffers.Binary;
using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>One diary day as a patient's summary keeps it: what the caseload's headache and medicine figures need.</summary>
public readonly record struct SummaryDiaryDay(DateOnly Date, bool Headache, bool Medicine, AcuteMedicineKinds Kinds);

/// <summary>
/// The diary days of a patient's summary (<see cref="PatientSummary.DiaryDays"/>) packed into one <c>bytea</c>: for each
/// day, in date order, two big-endian 32-bit integers, the day's distance from <see cref="PatientSummary.DiaryFrom"/>
/// and its facts (1 headache, 2 acute medicine taken, the medicine kinds shifted left by 2). A caseload reads 50 rows of
/// 35 days: as four parallel arrays that was 7,000 array elements, each sent by PostgreSQL and read by Npgsql one at a
/// time (a fifth of the page's CPU in the site); packed, it is one value a row. <see cref="Sql"/> writes the format and
/// <see cref="Read"/> reads it, side by side here.
/// </summary>
public static class SummaryDiaryDays
{
    private const int DaySize = 8;
    private const int Headache = 1;
    private const int Medicine = 2;
    private const int KindsShift = 2;

    /// <summary>
    /// The aggregate that packs the diary entries <c>d</c> of one patient from the date <paramref name="fromSql"/> on
    /// (NULL when there are none).
    /// </summary>
    public static string Sql(string fromSql) => $"""
        string_agg(int4send(d."Date" - ({fromSql})) || int4send(d."HadHeadache"::int * {Headache} | d."TookAcuteMedication"::int * {Medicine} | (d."MedicineKinds" << {KindsShift})), ''::bytea ORDER BY d."Date")
        """;

    /// <summary>The days packed in <paramref name="packed"/>, dated from <paramref name="from"/>.</summary>
    public static IEnumerable<SummaryDiaryDay> Read(DateOnly? from, byte[] packed)
    {
        if (packed.Length % DaySize != 0)
            throw new ArgumentException($"A packed diary is {DaySize} bytes a day; this one has {packed.Length} bytes.", nameof(packed));
        if (packed.Length == 0)
            yield break;
        if (from is not { } first)
            throw new ArgumentException("Packed diary days need the date they count from.", nameof(from));
        for (var at = 0; at < packed.Length; at += DaySize)
        {
            var offset = BinaryPrimitives.ReadInt32BigEndian(packed.AsSpan(at, 4));
            var facts = BinaryPrimitives.ReadInt32BigEndian(packed.AsSpan(at + 4, 4));
            yield return new SummaryDiaryDay(first.AddDays(offset), (facts & Headache) != 0, (facts & Medicine) != 0, (AcuteMedicineKinds)(facts >> KindsShift));
        }
    }

    /// <summary>Packs <paramref name="days"/> (in date order, none before <paramref name="from"/>) as <see cref="Sql"/> does.</summary>
    public static byte[] Pack(DateOnly from, IEnumerable<SummaryDiaryDay> days)
    {
        var list = days.ToList();
        var packed = new byte[list.Count * DaySize];
        for (var i = 0; i < list.Count; i++)
        {
            var day = list[i];
            BinaryPrimitives.WriteInt32BigEndian(packed.AsSpan(i * DaySize, 4), day.Date.DayNumber - from.DayNumber);
            BinaryPrimitives.WriteInt32BigEndian(packed.AsSpan(i * DaySize + 4, 4),
                (day.Headache ? Headache : 0) | (day.Medicine ? Medicine : 0) | ((int)day.Kinds << KindsShift));
        }
        return packed;
    }
}
