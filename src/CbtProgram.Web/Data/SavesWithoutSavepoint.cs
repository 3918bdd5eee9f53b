using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Data;

public static class SavesWithoutSavepoint
{
    /// <summary>
    /// SaveChanges inside the caller's transaction without the savepoint EF otherwise puts around it (a SAVEPOINT before
    /// and a RELEASE after, a round trip each). That savepoint only lets a caller carry on in the same transaction after
    /// a failed save; for a caller that never does (it rolls the whole transaction back, and any retry starts a new one)
    /// the two statements are pure cost.
    /// </summary>
    public static async Task<int> SaveChangesWholeOrNotAtAllAsync(this DbContext db, CancellationToken cancellationToken = default)
    {
        var before = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = before;
        }
    }
}
