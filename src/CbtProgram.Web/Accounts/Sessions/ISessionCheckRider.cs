using System.Security.Claims;
using CbtProgram.Web.Data;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>
/// Reads a request is sure to make once it is let in (the patient's state on a patient page), sent in the same round trip
/// as its session check. The check's own result comes first; the rider's results are read only when the session may be
/// used, and are otherwise dropped unread with the batch.
/// </summary>
public interface ISessionCheckRider
{
    /// <summary>Adds this request's statements to the check's batch; false when it has none for this request.</summary>
    bool AddTo(SqlBatch batch, HttpContext http, ClaimsPrincipal user, string userId);

    /// <summary>Reads the result sets it added, in order; called only after the session has passed.</summary>
    Task ReadAsync(SqlBatch.Results results);
}
