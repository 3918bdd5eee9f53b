using System.Buffers.Text;
using System.Security.Cryptography;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// The site's one VAPID key pair (RFC 8292), kept with the data: a single row (<see cref="SingleId"/>) that every node
/// reads. The private key is sealed with ASP.NET Data Protection (whose key ring is in the database, itself encrypted
/// with the key-encryption key from configuration), so a copy of the database cannot sign pushes.
/// </summary>
public sealed class VapidKeyPair
{
    public const int SingleId = 1;

    private VapidKeyPair() { }

    public VapidKeyPair(string publicKey, string sealedPrivateKey, DateTimeOffset now)
    {
        Id = SingleId;
        PublicKey = publicKey;
        SealedPrivateKey = sealedPrivateKey;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    /// <summary>The uncompressed P-256 point, base64url: what browsers subscribe with (applicationServerKey).</summary>
    public string PublicKey { get; private set; } = "";
    public string SealedPrivateKey { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

public sealed record VapidKeys(string PublicKey, string PrivateKey);

/// <summary>
/// Makes the key pair the first time the site needs it and reads it after that. Two nodes (or two requests) making it
/// at once: each inserts with <c>ON CONFLICT DO NOTHING</c> on the single row's key and then reads the row back, so
/// both use the one that won. Cached per process once read: the keys never change (changing them would orphan every
/// subscription, which browsers made with the public key).
/// </summary>
public sealed class VapidKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    private readonly IDataProtector _protector = protection.CreateProtector("CbtProgram.Push.VapidPrivateKey.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidKeys? _keys;

    public async Task<VapidKeys> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_keys is { } known)
            return known;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _keys ??= await ReadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Stores a new pair if there is none, without opening the stored one (start-up, on every node: a node that cannot
    /// open it, such as one without the key ring's certificate, still starts and says so only when it sends).
    /// </summary>
    public async Task StoreIfMissingAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.VapidKeyPairs.AnyAsync(k => k.Id == VapidKeyPair.SingleId, cancellationToken))
            await InsertAsync(db, cancellationToken);
    }

    private async Task<VapidKeys> ReadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await ReadAsync(db, cancellationToken) is { } stored)
            return stored;
        await InsertAsync(db, cancellationToken);
        return await ReadAsync(db, cancellationToken) ?? throw new InvalidOperationException("The VAPID key row was not stored.");
    }

    /// <summary>Of two nodes making the pair at once, one insert wins and both read the winner's pair.</summary>
    private async Task InsertAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var (publicKey, privateKey) = Generate();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO vapid_keys ("Id", "PublicKey", "SealedPrivateKey", "CreatedAt")
            VALUES ({VapidKeyPair.SingleId}, {publicKey}, {_protector.Protect(privateKey)}, {clock.GetUtcNow()})
            ON CONFLICT ("Id") DO NOTHING
            """, cancellationToken);
    }

    private async Task<VapidKeys?> ReadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.VapidKeyPairs.AsNoTracking().SingleOrDefaultAsync(k => k.Id == VapidKeyPair.SingleId, cancellationToken) is { } row
            ? new VapidKeys(row.PublicKey, _protector.Unprotect(row.SealedPrivateKey))
            : null;

    /// <summary>A new P-256 key pair as VAPID wants it: the public key as an uncompressed point, the private key as its 32-byte scalar.</summary>
    public static (string PublicKey, string PrivateKey) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var point = new byte[65];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        return (Base64Url.EncodeToString(point), Base64Url.EncodeToString(parameters.D!));
    }
}
