using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's home: this week's module and time left, the next session, today's diary, 12-week progress, what is due.</summary>
[Route("patient")]
public sealed class HomeController(AppDbContext db, AssessmentPlan plan, ModulePlayer player, TimeProvider clock) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var now = clock.GetUtcNow();
        var week = State.CurrentWeek(now);
        if (week > 0)
            await player.OpenAsync(State, week); // a week whose time has come is opened (and pinned) at the latest when it is shown
        var modules = await (
            from opened in db.PatientModules
            join version in db.ModuleVersions on opened.ModuleVersionId equals version.Id
            where opened.PatientId == State.Patient.Id
            select new { opened.Week, opened.CompletedAt, opened.CurrentStepId, version.Content }).AsNoTracking().ToListAsync();
        var thisWeek = modules.FirstOrDefault(m => m.Week == week);
        var today = State.Today(now);
        var diaryToday = await db.DiaryEntries.AsNoTracking().AnyAsync(e => e.PatientId == State.Patient.Id && e.Date == today);
        var therapist = await db.Users.Where(u => u.Id == State.Patient.AssignedTherapistId).Select(u => u.DisplayName).FirstOrDefaultAsync();
        var notices = await db.Notices.AsNoTracking().Where(n => n.UserId == State.Patient.UserId && n.ReadAt == null)
            .OrderByDescending(n => n.CreatedAt).Take(3).Select(n => new NoticeRow(n.Id, n.Text)).ToListAsync();

        var nextSession = State.NextSession(now);
        var weekEnds = week > 0 ? State.Session(week)!.DueAt.AddDays(7) : (DateTimeOffset?)null;
        return View(new PatientHomeViewModel(
            User.DisplayName(), therapist, week, State.Sessions.Count(),
            thisWeek is null ? null : new ThisWeek(thisWeek.Week, thisWeek.Content.Title, thisWeek.Content.Summary, thisWeek.Content.TotalMinutes,
                thisWeek.CompletedAt is not null, thisWeek.CurrentStepId is not null, weekEnds is { } ends ? ends - now : null),
            nextSession is null ? null : State.Local(nextSession.DueAt),
            diaryToday, today,
            modules.Where(m => m.CompletedAt is not null).Select(m => m.Week).ToHashSet(),
            modules.Select(m => m.Week).ToHashSet(),
            await plan.DueAsync(State, now), notices));
    }
}

public sealed record ThisWeek(int Week, string Title, string Summary, int Minutes, bool Completed, bool Started, TimeSpan? TimeLeft);

public sealed record PatientHomeViewModel(
    string Name, string? TherapistName, int CurrentWeek, int Weeks, ThisWeek? ThisWeek, DateTimeOffset? NextSessionLocal,
    bool DiaryDoneToday, DateOnly Today, IReadOnlySet<int> CompletedWeeks, IReadOnlySet<int> OpenedWeeks, IReadOnlyList<DueAssessment> Due,
    IReadOnlyList<NoticeRow> Notices);

public sealed record NoticeRow(Guid Id, string Text);
