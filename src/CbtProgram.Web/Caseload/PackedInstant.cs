using System.Buffers.Binary;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// An instant as PostgreSQL's <c>timestamptz_send</c> writes it: microseconds since 2000-01-01 00:00 UTC, a big-endian
/// 64-bit integer. Used inside the summary's packed values (<see cref="SummaryWeeks"/>, <see cref="SummaryAlerts"/>).
/// </summary>
internal static class PackedInstant
{
    public const int Size = 8;

    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Read(ReadOnlySpan<byte> at) =>
        Epoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(at) * TimeSpan.TicksPerMicrosecond);

    public static void Write(Span<byte> at, DateTimeOffset instant) =>
        BinaryPrimitives.WriteInt64BigEndian(at, (instant.UtcTicks - Epoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
}
