using CbtProgram.Web.Audit;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>
/// Entries arrive unsealed and the site's sealer chains them a second later (Audit/AuditSealer): until then the site's
/// database user still cannot change or delete one, nor give one a place in the chain of its own choosing. The site's
/// clock is a fake one, so its sealer runs only when a test moves the clock on.
/// </summary>
public sealed class AuditSealingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CbtWebApplicationFactory _site;

    public AuditSealingTests() => _site = new CbtWebApplicationFactory().WithSetting("Jobs:RunServer", "false").WithClock(_clock);

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task AnEntry_WaitsUnsealed_ThenTheSealerChainsIt_WhenItsSecondComes()
    {
        var id = await RecordAsync("viewed record");
        Assert.Null((await EntryAsync(id)).Sequence);

        _clock.Advance(TimeSpan.FromSeconds(1));

        var sealedEntry = await EventuallyAsync(() => EntryAsync(id), e => e.Sequence is not null);
        Assert.NotNull(sealedEntry.Hash);
        var chain = await VerifyAsync();
        Assert.True(chain.Intact, chain.Describe());
        Assert.Equal(sealedEntry.Sequence, chain.LastSequence);
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET \"ActorId\" = 'someone else' WHERE \"Id\" = @id")]
    [InlineData("UPDATE audit_entries SET \"Detail\" = NULL, \"Hash\" = NULL WHERE \"Id\" = @id")]
    [InlineData("DELETE FROM audit_entries WHERE \"Id\" = @id")]
    public async Task AnUnsealedEntry_CannotBeChangedOrDeleted(string sql)
    {
        var id = await RecordAsync("viewed record", detail: "what was seen");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql, id));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        var entry = await EntryAsync(id);
        Assert.Equal(("system", "what was seen", (long?)null), (entry.ActorId, entry.Detail, entry.Sequence));
    }

    [Fact]
    public async Task APlaceAndHashGivenByTheWriter_AreIgnored_TheChainSetsItsOwn()
    {
        var before = (await VerifyAsync()).LastSequence;
        var inserted = Guid.NewGuid();
        await ExecuteAsync("INSERT INTO audit_entries (\"Id\", \"At\", \"ActorId\", \"Action\", \"Sequence\", \"Hash\") VALUES (@id, now(), 'x', 'forged', 999, '\\x00')", inserted);
        Assert.Equal((null, null), ((await EntryAsync(inserted)).Sequence, (await EntryAsync(inserted)).Hash));

        // Sealing by hand with a place of one's own: the trigger seals it, with the next place and the right hash.
        await ExecuteAsync("UPDATE audit_entries SET \"Sequence\" = 999, \"Hash\" = '\\x00' WHERE \"Id\" = @id", inserted);

        Assert.Equal(before + 1, (await EntryAsync(inserted)).Sequence);
        var chain = await VerifyAsync();
        Assert.True(chain.Intact, chain.Describe());
        Assert.Equal(before + 1, chain.LastSequence);
        // Sealed once, never again.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE audit_entries SET \"Hash\" = NULL WHERE \"Id\" = @id", inserted));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task ABacklog_IsSealedInBatches_InTheOrderWritten()
    {
        var before = (await VerifyAsync()).LastSequence;
        await ExecuteAsync("""
            INSERT INTO audit_entries ("Id", "At", "ActorId", "Action", "Detail")
            SELECT gen_random_uuid(), now() + n * interval '1 millisecond', 'system', 'backlog', n::text FROM generate_series(1, 12000) n
            """, Guid.Empty);

        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(12000, await AuditSealer.SealAsync(db));

        var sealedInOrder = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "backlog").OrderBy(e => e.Sequence).Select(e => e.Detail).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 12000).Select(n => n.ToString()), sealedInOrder);
        var chain = await VerifyAsync();
        Assert.True(chain.Intact, chain.Describe());
        Assert.Equal(before + 12000, chain.LastSequence);
    }

    [Fact]
    public async Task SealingAnEntry_FindsTheChainsEnd_WithoutReadingPastTheEntriesStillWaiting()
    {
        // Each seal looks up the last sealed entry. An index over every entry's place kept the unsealed ones (no place
        // yet) at the end a backward scan starts from, and each seal left one more behind (the entry's version before
        // it was sealed), so a backlog of n cost about n * n index reads.
        const int Backlog = 1000;
        _ = _site.Services; // starts the site, which migrates its database
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO audit_entries ("Id", "At", "ActorId", "Action", "Detail")
            SELECT gen_random_uuid(), now() + n * interval '1 millisecond', 'system', 'backlog', n::text FROM generate_series(1, {Backlog}) n
            """, connection))
            await insert.ExecuteNonQueryAsync();
        const string IndexReads = """
            SELECT COALESCE(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)::bigint FROM pg_index i WHERE i.indrelid = 'audit_entries'::regclass
            """;
        var before = await ScalarAsync(connection, IndexReads);

        Assert.Equal(Backlog, await ScalarAsync(connection, $"SELECT audit_seal({Backlog})"));

        var read = await ScalarAsync(connection, IndexReads) - before;
        Assert.InRange(read, Backlog, 5 * Backlog);
        await transaction.RollbackAsync();
    }

    private async Task<Guid> RecordAsync(string action, string? detail = null)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record("system", null, action, detail);
        var entry = db.ChangeTracker.Entries<AuditEntry>().Single().Entity;
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task<AuditEntry> EntryAsync(Guid id)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private async Task<AuditChain.Result> VerifyAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(50);
        }
    }
}
