using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Audit;

/// <summary>
/// Recomputes the audit trail's hash chain in C#, independently of the database function that wrote it
/// (<see cref="AuditChainSql"/>), and names the first entry that does not match: a changed entry fails its own hash, a
/// deleted one leaves a gap in the sequence, one inserted outside the chain fails its hash or breaks the sequence.
/// </summary>
public sealed class AuditChain(AppDbContext db)
{
    /// <summary>The outcome: how many entries were checked, the last one's hash (to note down elsewhere), and the first problem.</summary>
    public sealed record Result(long Checked, long LastSequence, string LastHash, long? BrokenAt, string? Problem)
    {
        public bool Intact => Problem is null;

        public string Describe() => Intact
            ? $"The audit chain is intact: {Checked:N0} entries checked, the last is #{LastSequence} with hash {LastHash}."
            : $"The audit chain is broken at entry #{BrokenAt}: {Problem} {Checked:N0} entries before it matched.";
    }

    /// <summary>Seals the entries waiting to be chained, then checks every sealed entry (one written meanwhile waits for the next check).</summary>
    public async Task<Result> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await AuditSealer.SealAsync(db, cancellationToken);
        byte[] previous = [];
        long expected = 1, verified = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected)
                return new Result(verified, expected - 1, Convert.ToHexStringLower(previous), expected, entry.Sequence > expected
                    ? $"it is missing (deleted){(entry.Sequence > expected + 1 ? $", and so are the entries up to #{entry.Sequence - 1}" : "")}."
                    : $"its number is out of order (found #{entry.Sequence}).");
            if (entry.Hash is null || !HashOf(previous, entry).AsSpan().SequenceEqual(entry.Hash))
                return new Result(verified, expected - 1, Convert.ToHexStringLower(previous), entry.Sequence,
                    $"it does not match its hash (changed after it was written, or written outside the chain; entry {entry.Id}, {entry.At.UtcDateTime:d MMM yyyy HH:mm:ss} UTC, \"{entry.Action}\").");
            previous = entry.Hash!;
            verified++;
            expected++;
        }
        return new Result(verified, expected - 1, Convert.ToHexStringLower(previous), null, null);
    }

    /// <summary>SHA-256(previous hash || canonical text), exactly as the database's <c>audit_entry_hash</c> computes it.</summary>
    public static byte[] HashOf(byte[] previous, AuditEntry entry)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     entry.Sequence!.Value.ToString(CultureInfo.InvariantCulture), entry.Id.ToString("D"),
                     ((entry.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture),
                     entry.ActorId, entry.PatientId?.ToString("D"), entry.Action, entry.Detail, entry.IpAddress, entry.UserAgent,
                 })
            text.Append(field is null ? "~;" : $"{Encoding.UTF8.GetByteCount(field)}:{field};");
        return SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(text.ToString())]);
    }
}
