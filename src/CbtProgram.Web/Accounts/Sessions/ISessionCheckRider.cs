using System.Security.Claims;
using CbtProgram.Web.Data;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>
/// Reads a request is sure to make once it is let in (the patient's state on a patient page), sent in the same round trip
/// as its session check. The check's own result comes first; the rider's results are read only when the session may be
/// used, and are otherwise dropped unread with the batch. A page names its rider in its metadata
/// (<see cref="IRidesWithSessionCheck"/>), so no other request resolves one.
/// </summary>
public interface ISessionCheckRider
{
    /// <summary>Adds its statements for this signed-in user to the check's batch; false when it has none for them.</summary>
    bool AddTo(SqlBatch batch, ClaimsPrincipal user, string userId);

    /// <summary>Reads the result sets it added, in order; called only after the session has passed.</summary>
    Task ReadAsync(SqlBatch.Results results);
}

/// <summary>Endpoint metadata: the request-scoped service (an <see cref="ISessionCheckRider"/>) whose reads this page makes.</summary>
public interface IRidesWithSessionCheck
{
    Type Rider { get; }
}
