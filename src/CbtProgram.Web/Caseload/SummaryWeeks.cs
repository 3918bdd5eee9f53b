using System.Buffers.Binary;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>A week of the program and an instant of it: when its session opens, or when its module was completed.</summary>
public readonly record struct SummaryWeek(int Week, DateTimeOffset At);

/// <summary>
/// Weeks and their instants packed into one <c>bytea</c> of a patient's summary (<see cref="PatientSummary.Sessions"/>,
/// <see cref="PatientSummary.CompletedModules"/>): for each, in order, the week as a big-endian 32-bit integer and the
/// instant as PostgreSQL sends a <c>timestamptz</c> (<see cref="PackedInstant"/>). As parallel arrays these were four
/// arrays a row, each element read by Npgsql's array reader one at a time (a tenth of the caseload's CPU with the open
/// alerts' arrays); packed, each is one value. <see cref="Sql"/> writes the format and <see cref="Read"/> reads it.
/// </summary>
public static class SummaryWeeks
{
    private const int Size = 4 + PackedInstant.Size;

    /// <summary>The aggregate that packs <paramref name="weekSql"/> and <paramref name="atSql"/> of each row, in <paramref name="orderSql"/> order (NULL when there are none).</summary>
    public static string Sql(string weekSql, string atSql, string orderSql) =>
        $"string_agg(int4send({weekSql}) || timestamptz_send({atSql}), ''::bytea ORDER BY {orderSql})";

    /// <summary>The weeks packed in <paramref name="packed"/>, in their stored order.</summary>
    public static SummaryWeek[] Read(byte[] packed)
    {
        if (packed.Length % Size != 0)
            throw new ArgumentException($"Packed weeks are {Size} bytes each; these have {packed.Length} bytes.", nameof(packed));
        var weeks = new SummaryWeek[packed.Length / Size];
        for (var i = 0; i < weeks.Length; i++)
        {
            var at = packed.AsSpan(i * Size, Size);
            weeks[i] = new SummaryWeek(BinaryPrimitives.ReadInt32BigEndian(at), PackedInstant.Read(at[4..]));
        }
        return weeks;
    }

    /// <summary>Packs <paramref name="weeks"/> as <see cref="Sql"/> does.</summary>
    public static byte[] Pack(IEnumerable<SummaryWeek> weeks)
    {
        var list = weeks.ToList();
        var packed = new byte[list.Count * Size];
        for (var i = 0; i < list.Count; i++)
        {
            var at = packed.AsSpan(i * Size, Size);
            BinaryPrimitives.WriteInt32BigEndian(at, list[i].Week);
            PackedInstant.Write(at[4..], list[i].At);
        }
        return packed;
    }
}
