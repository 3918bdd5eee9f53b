using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Every account and its role, for program admins.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin")]
public sealed class AccountsController(AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var accounts = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into matched
            from role in matched.DefaultIfEmpty()
            orderby user.DisplayName
            select new AccountRow(user.DisplayName, user.Email ?? "", role != null ? role.Name ?? "" : "", user.LockoutEnd)
        ).ToListAsync();
        return View(accounts);
    }
}

public sealed record AccountRow(string Name, string Email, string Role, DateTimeOffset? LockedUntil);
