using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Research;

/// <summary>
/// Pseudonymous patient ids for exports: HMAC-SHA256 of the patient's id under a named export key's secret, shown as a
/// short code such as <c>7KQ2-M9XD-4TRB</c>. Never the database id or the email; the same key always gives a patient
/// the same code, and without the secret (sealed in the database, see <see cref="ResearchExportKey"/>) a code cannot
/// be traced back or made for another patient.
/// </summary>
public sealed class Pseudonyms(AppDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Sealed = "dp1:";
    private const int SecretBytes = 32;
    private readonly IDataProtector _secrets = protection.CreateProtector("CbtProgram.Outcomes.ResearchExportKey");

    /// <summary>The default key ("default"), made with a new secret the first time anyone asks (once, however many ask at once).</summary>
    public async Task<PseudonymKey> DefaultKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = await FindKeyAsync(ResearchExportKey.DefaultName, cancellationToken);
        if (key is not null)
            return key;
        await StoreDefaultKeyAsync(cancellationToken);
        return await FindKeyAsync(ResearchExportKey.DefaultName, cancellationToken)
            ?? throw new InvalidOperationException("The default export key could not be read back.");
    }

    /// <summary>Stores the default key if there is none, without opening any secret (start-up, on every node).</summary>
    public async Task StoreDefaultKeyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<ResearchExportKey>().AnyAsync(k => k.Name == ResearchExportKey.DefaultName, cancellationToken))
            return;
        var made = Make(ResearchExportKey.DefaultName, createdById: null);
        // Two first exports at once: one insert wins, and both read the winner's secret.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO research_export_keys ("Id", "Name", "SealedSecret", "CreatedById", "CreatedAt")
            VALUES ({made.Id}, {made.Name}, {made.SealedSecret}, NULL, {made.CreatedAt})
            ON CONFLICT ("Name") DO NOTHING
            """, cancellationToken);
    }

    /// <summary>The key of that name (any case), or null when there is none.</summary>
    public async Task<PseudonymKey?> FindKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        var (normal, _) = ResearchExportKey.NormaliseName(name);
        if (normal is null)
            return null;
        var stored = await db.Set<ResearchExportKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Name == normal, cancellationToken);
        return stored is null ? null : Open(stored);
    }

    /// <summary>A new key with a new secret, for a new study; refused with a reason for a bad or taken name.</summary>
    public async Task<(PseudonymKey? Key, string? Error)> CreateKeyAsync(string name, string createdById, CancellationToken cancellationToken = default)
    {
        var (normal, error) = ResearchExportKey.NormaliseName(name);
        if (normal is null)
            return (null, error);
        var made = Make(normal, createdById);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO research_export_keys ("Id", "Name", "SealedSecret", "CreatedById", "CreatedAt")
            VALUES ({made.Id}, {made.Name}, {made.SealedSecret}, {made.CreatedById}, {made.CreatedAt})
            ON CONFLICT ("Name") DO NOTHING
            """, cancellationToken);
        return inserted == 1 ? (Open(made), null) : (null, $"There is already an export key called \"{normal}\".");
    }

    /// <summary>Every key's name and when it was made, oldest first (no secrets).</summary>
    public async Task<IReadOnlyList<ExportKeyListing>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        await db.Set<ResearchExportKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Name)
            .Select(k => new ExportKeyListing(k.Name, k.CreatedAt, k.CreatedById)).ToListAsync(cancellationToken);

    private ResearchExportKey Make(string name, string? createdById) =>
        new(name, Sealed + _secrets.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes))), createdById, clock.GetUtcNow());

    private PseudonymKey Open(ResearchExportKey stored)
    {
        if (!stored.SealedSecret.StartsWith(Sealed, StringComparison.Ordinal))
            throw new InvalidOperationException($"Export key \"{stored.Name}\" is not sealed as expected.");
        return new PseudonymKey(stored.Name, Convert.FromBase64String(_secrets.Unprotect(stored.SealedSecret[Sealed.Length..])));
    }

    /// <summary>
    /// The code for one patient under one secret: the first 60 bits of HMAC-SHA256(secret, the patient id as
    /// lower-case "D" text), as 12 Crockford base-32 characters in groups of four (no I, L, O or U to misread).
    /// With 100,000 patients the chance that any two share a code is about 1 in 200,000.
    /// </summary>
    public static string Code(ReadOnlySpan<byte> secret, Guid patientId)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(patientId.ToString("D")), hash);
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) >> 4; // 60 bits
        var code = new StringBuilder(14);
        for (var i = 11; i >= 0; i--)
        {
            code.Append(Alphabet[(int)((bits >> (i * 5)) & 31)]);
            if (i is 8 or 4)
                code.Append('-');
        }
        return code.ToString();
    }
}

/// <summary>An opened export key: its name and the means to make codes with it (the secret never leaves this object).</summary>
public sealed class PseudonymKey(string name, byte[] secret)
{
    public string Name { get; } = name;

    /// <summary>The patient's pseudonymous id under this key, e.g. <c>7KQ2-M9XD-4TRB</c>.</summary>
    public string For(Guid patientId) => Pseudonyms.Code(secret, patientId);
}

public sealed record ExportKeyListing(string Name, DateTimeOffset CreatedAt, string? CreatedById);
