using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's home: this week's module and time left, the next session, today's diary, 12-week progress, what is due.</summary>
[Route("patient")]
public sealed class HomeController(AppDbContext db, AssessmentPlan plan, ModulePlayer player, PublishedModules publishedModules, TimeProvider clock)
    : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var now = clock.GetUtcNow();
        var week = State.CurrentWeek(now);
        var today = State.Today(now);
        var page = await PageFactsAsync(today);
        if (week > 0 && page.Modules.All(m => m.Week != week))
        {
            // A week whose time has come is opened (and pinned) at the latest when it is shown.
            await player.OpenAsync(State, week);
            page = await PageFactsAsync(today);
        }
        var modules = page.Modules;
        var notices = await LatestUnreadNotices(db, State.Patient.UserId).ToListAsync();
        var thisWeek = modules.FirstOrDefault(m => m.Week == week);
        var content = thisWeek is null ? null : await publishedModules.ContentAsync(db, thisWeek.VersionId);

        var nextSession = State.NextSession(now);
        var weekEnds = week > 0 ? State.Session(week)!.DueAt.AddDays(7) : (DateTimeOffset?)null;
        return View(new PatientHomeViewModel(
            User.DisplayName(), State.TherapistName, week, State.Sessions.Count(),
            thisWeek is null || content is null ? null : new ThisWeek(week, content.Title, content.Summary, content.TotalMinutes,
                thisWeek.CompletedAt is not null, thisWeek.CurrentStepId is not null, weekEnds is { } ends ? ends - now : null),
            nextSession is null ? null : State.Local(nextSession.DueAt),
            page.DiaryToday, today,
            modules.Where(m => m.CompletedAt is not null).Select(m => m.Week).ToHashSet(),
            modules.Select(m => m.Week).ToHashSet(),
            await plan.DueAsync(State, now), notices));
    }

    private sealed record PageFacts(List<OpenedWeek> Modules, bool DiaryToday);

    // The home page's queries are compiled once: EF otherwise rebuilds, walks and hashes each one's expression tree on
    // every view to find its SQL.

    /// <summary>The weeks opened so far and whether today's diary is done, in one round trip.</summary>
    private static readonly Func<AppDbContext, Guid, DateOnly, Task<PageFacts>> PageFactsOf = EF.CompileAsyncQuery(
        (AppDbContext db, Guid patientId, DateOnly today) => db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => new PageFacts(
            db.PatientModules.Where(m => m.PatientId == p.Id).Select(m => new OpenedWeek(m.Week, m.ModuleVersionId, m.CompletedAt, m.CurrentStepId)).ToList(),
            db.DiaryEntries.Any(e => e.PatientId == p.Id && e.Date == today)))
            .Single());

    private static readonly Func<AppDbContext, string, IAsyncEnumerable<NoticeRow>> LatestUnreadNotices = EF.CompileAsyncQuery(
        (AppDbContext db, string userId) => db.Notices.AsNoTracking().Where(n => n.UserId == userId && n.ReadAt == null)
            .OrderByDescending(n => n.CreatedAt).Take(3).Select(n => new NoticeRow(n.Id, n.Text)));

    private Task<PageFacts> PageFactsAsync(DateOnly today) => PageFactsOf(db, State.Patient.Id, today);
}

public sealed record OpenedWeek(int Week, Guid VersionId, DateTimeOffset? CompletedAt, string? CurrentStepId);

public sealed record ThisWeek(int Week, string Title, string Summary, int Minutes, bool Completed, bool Started, TimeSpan? TimeLeft);

public sealed record PatientHomeViewModel(
    string Name, string? TherapistName, int CurrentWeek, int Weeks, ThisWeek? ThisWeek, DateTimeOffset? NextSessionLocal,
    bool DiaryDoneToday, DateOnly Today, IReadOnlySet<int> CompletedWeeks, IReadOnlySet<int> OpenedWeeks, IReadOnlyList<DueAssessment> Due,
    IReadOnlyList<NoticeRow> Notices);

public sealed record NoticeRow(Guid Id, string Text);
