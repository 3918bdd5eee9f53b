using System.Security.Claims;
using CbtProgram.Web.Data;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>
/// A request-scoped service whose reads for the signed-in user can ride with the session check: it says on which
/// requests (<see cref="RidesOn"/>), what to send and how to read it, and takes what was read once
/// (<see cref="TakeRidden"/>), falling back to a round trip of its own when nothing was.
/// </summary>
public abstract class SessionCheckRider<TRead> : ISessionCheckRider where TRead : class
{
    private string? _readFor;
    private TRead? _read;

    /// <summary>True on the requests that are sure to make these reads (by the endpoint's metadata and the user's role).</summary>
    protected abstract bool RidesOn(HttpContext http, ClaimsPrincipal user);

    protected abstract SqlBatch AddReads(SqlBatch batch, string userId);

    protected abstract Task<TRead> ReadAsync(SqlBatch.Results results);

    bool ISessionCheckRider.AddTo(SqlBatch batch, HttpContext http, ClaimsPrincipal user, string userId)
    {
        if (!RidesOn(http, user))
            return false;
        AddReads(batch, userId);
        _readFor = userId;
        return true;
    }

    async Task ISessionCheckRider.ReadAsync(SqlBatch.Results results) => _read = await ReadAsync(results);

    /// <summary>
    /// What the session check's round trip read for this user, taken once (a later call, after the request has changed
    /// something, must read afresh); null when nothing rode.
    /// </summary>
    protected TRead? TakeRidden(string userId)
    {
        if (_read is null || _readFor != userId)
            return null;
        var read = _read;
        _read = null;
        return read;
    }

    /// <summary>The same reads in a round trip of their own.</summary>
    protected async Task<TRead> ReadAloneAsync(AppDbContext db, string userId)
    {
        await using var results = await AddReads(new SqlBatch(), userId).ExecuteAsync(db);
        return await ReadAsync(results);
    }
}
