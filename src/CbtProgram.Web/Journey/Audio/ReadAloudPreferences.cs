using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey.Audio;

/// <summary>Reads and keeps a person's read-aloud choices. A person who never chose gets the defaults (off, 90% speed, sounds on).</summary>
public sealed class ReadAloudPreferences(AppDbContext db, TimeProvider clock)
{
    public async Task<ReadAloudPreference> ForAsync(string userId) =>
        await db.Set<ReadAloudPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId) ?? new ReadAloudPreference(userId);

    /// <summary>Saves the choices; returns the reason when they cannot be kept (nothing changes then).</summary>
    public async Task<string?> SaveAsync(string userId, bool on, string? voice, int speedPercent, bool sounds)
    {
        var existing = await db.Set<ReadAloudPreference>().FirstOrDefaultAsync(p => p.UserId == userId);
        var preference = existing ?? new ReadAloudPreference(userId);
        if (preference.Change(on, voice, speedPercent, sounds, clock.GetUtcNow()) is { } problem)
            return problem;
        if (existing is null)
            db.Add(preference);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException) when (existing is null)
        {
            // The same person saved from two tabs at once: the other insert won; keep this, the later choice.
            db.ChangeTracker.Clear();
            var theirs = await db.Set<ReadAloudPreference>().FirstAsync(p => p.UserId == userId);
            theirs.Change(on, voice, speedPercent, sounds, clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        return null;
    }
}
