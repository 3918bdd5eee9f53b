using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

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
            await plan.DueAsync(State, now), page.Notices));
    }

    private sealed record PageFacts(List<OpenedWeek> Modules, bool DiaryToday, List<NoticeRow> Notices);

    /// <summary>
    /// The weeks opened so far, whether today's diary is done and the three latest unread notices, in one round trip
    /// (each an index lookup of this patient's rows; as one EF query, the notices' "latest three" became a row number
    /// over every unread notice of the clinic).
    /// </summary>
    private async Task<PageFacts> PageFactsAsync(DateOnly today)
    {
        var batch = new SqlBatch()
            .Add("""SELECT "Week", "ModuleVersionId", "CompletedAt", "CurrentStepId" FROM patient_modules WHERE "PatientId" = $1""", State.Patient.Id)
            .Add("""SELECT EXISTS (SELECT 1 FROM diary_entries WHERE "PatientId" = $1 AND "Date" = $2)""", State.Patient.Id, today)
            .Add("""
                SELECT "Id", "Text" FROM notices WHERE "UserId" = $1 AND "ReadAt" IS NULL ORDER BY "CreatedAt" DESC, "Id" LIMIT 3
                """, State.Patient.UserId);
        await using var results = await batch.ExecuteAsync(db);
        var modules = await results.ReadAsync(r => new OpenedWeek(r.GetInt32(0), r.GetGuid(1),
            r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetString(3)));
        var diaryToday = (await results.ReadAsync(r => r.GetBoolean(0))).Single();
        var notices = await results.ReadAsync(r => new NoticeRow(r.GetGuid(0), r.GetString(1)));
        return new PageFacts(modules, diaryToday, notices);
    }
}

public sealed record OpenedWeek(int Week, Guid VersionId, DateTimeOffset? CompletedAt, string? CurrentStepId);

public sealed record ThisWeek(int Week, string Title, string Summary, int Minutes, bool Completed, bool Started, TimeSpan? TimeLeft);

public sealed record PatientHomeViewModel(
    string Name, string? TherapistName, int CurrentWeek, int Weeks, ThisWeek? ThisWeek, DateTimeOffset? NextSessionLocal,
    bool DiaryDoneToday, DateOnly Today, IReadOnlySet<int> CompletedWeeks, IReadOnlySet<int> OpenedWeeks, IReadOnlyList<DueAssessment> Due,
    IReadOnlyList<NoticeRow> Notices);

public sealed record NoticeRow(Guid Id, string Text);
