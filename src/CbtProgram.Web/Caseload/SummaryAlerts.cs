namespace CbtProgram.Web.CaseloadSummary;

/// <summary>An open (unresolved) risk alert as a patient's summary keeps it.</summary>
public readonly record struct SummaryAlert(Guid Id, DateTimeOffset RaisedAt, bool Acknowledged);

/// <summary>
/// A patient's open alerts packed into one <c>bytea</c> of the summary (<see cref="PatientSummary.OpenAlerts"/>): for
/// each, oldest first, the id as PostgreSQL sends a <c>uuid</c> (16 bytes, big-endian), when it was raised
/// (<see cref="PackedInstant"/>) and one byte, 1 when it has been acknowledged. <see cref="Sql"/> writes the format and
/// <see cref="Read"/> reads it.
/// </summary>
public static class SummaryAlerts
{
    private const int Size = 16 + PackedInstant.Size + 1;

    /// <summary>The aggregate that packs the alerts <c>a</c>, oldest first (NULL when there are none).</summary>
    public const string Sql = """
        string_agg(uuid_send(a."Id") || timestamptz_send(a."RaisedAt") || boolsend(a."AcknowledgedAt" IS NOT NULL), ''::bytea ORDER BY a."RaisedAt", a."Id")
        """;

    /// <summary>The alerts packed in <paramref name="packed"/>, oldest first.</summary>
    public static SummaryAlert[] Read(byte[] packed)
    {
        if (packed.Length % Size != 0)
            throw new ArgumentException($"Packed alerts are {Size} bytes each; these have {packed.Length} bytes.", nameof(packed));
        var alerts = new SummaryAlert[packed.Length / Size];
        for (var i = 0; i < alerts.Length; i++)
        {
            var at = packed.AsSpan(i * Size, Size);
            alerts[i] = new SummaryAlert(new Guid(at[..16], bigEndian: true), PackedInstant.Read(at[16..]), at[Size - 1] != 0);
        }
        return alerts;
    }

    /// <summary>Whether any alert packed in <paramref name="packed"/> is not yet acknowledged (without reading the rest).</summary>
    public static bool AnyUnacknowledged(byte[] packed)
    {
        for (var last = Size - 1; last < packed.Length; last += Size)
        {
            if (packed[last] == 0)
                return true;
        }
        return false;
    }

    /// <summary>Packs <paramref name="alerts"/> as <see cref="Sql"/> does.</summary>
    public static byte[] Pack(IEnumerable<SummaryAlert> alerts)
    {
        var list = alerts.ToList();
        var packed = new byte[list.Count * Size];
        for (var i = 0; i < list.Count; i++)
        {
            var at = packed.AsSpan(i * Size, Size);
            list[i].Id.TryWriteBytes(at[..16], bigEndian: true, out _);
            PackedInstant.Write(at[16..], list[i].RaisedAt);
            at[Size - 1] = list[i].Acknowledged ? (byte)1 : (byte)0;
        }
        return packed;
    }
}
