using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Notifications;

/// <summary>
/// The mail server answers 550 for one recipient: that message is dead-lettered at once and the others still leave in
/// the same run; every admin is told once, sees it on /admin/mail and can requeue it (audited), and then it is sent.
/// </summary>
public sealed class DeadLetterTests : IAsyncLifetime
{
    private const string Gone = "gone@example.org";
    private readonly SmtpListener _smtp = new SmtpListener().Start();
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync()
    {
        _smtp.Refuse(Gone);
        return _site
            .WithSetting("Jobs:RunServer", "false")
            .WithSetting("Mail:SmtpHost", "127.0.0.1")
            .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read) => InScopeAsync(s => read(s.GetRequiredService<AppDbContext>()));

    private Task<bool> QueueAsync(string to) =>
        InScopeAsync(s => s.GetRequiredService<Outbox>().EnqueueAsync($"message:{to}:email", to, "CbtProgram: you have a message", "Sign in to read it.", deliverNow: false));

    private Task<int> DeliverAsync() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync());

    private IEnumerable<string> Recipients() => _smtp.Messages.Select(m => m.Split('\n').First(l => l.StartsWith("To: ", StringComparison.Ordinal))[4..].Trim());

    [Fact]
    public async Task ARecipientTheServerRefuses_IsDeadLetteredAtOnce_WhileTheOthersLeaveInTheSameRun_AndAnAdminCanRequeueIt()
    {
        await QueueAsync("first@example.org");
        await QueueAsync(Gone);
        await QueueAsync("last@example.org");

        var sent = await DeliverAsync();

        Assert.Equal(2, sent);
        Assert.Equal(["first@example.org", "last@example.org"], Recipients());
        var dead = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.To == Gone));
        Assert.NotNull(dead.DeadLetteredAt);
        Assert.Null(dead.SentAt);
        Assert.Equal(1, dead.Attempts);
        Assert.NotNull(dead.LastError);

        // Every admin is told, once.
        var admins = await WithDbAsync(db => (from link in db.UserRoles join role in db.Roles on link.RoleId equals role.Id
                                              where role.Name == Roles.Admin select link.UserId).ToListAsync());
        var notices = await WithDbAsync(db => db.Notices.AsNoTracking().Where(n => n.Key.StartsWith(DeadLetters.NoticeKeyPrefix(dead.Id))).ToListAsync());
        Assert.NotEmpty(admins);
        Assert.Equal(admins.Order(), notices.Select(n => n.UserId).Order());
        Assert.All(notices, n => Assert.Equal(DeadLetters.ListLink, n.Link));

        // Seen: on the admin's pages, and in the mail page's dead letters with its error and a way to send it again.
        var admin = await _site.SignedInAsAsync("admin@example.org");
        Assert.Contains($"could not be delivered and was set aside: &quot;CbtProgram: you have a message&quot; to {Gone}", await admin.GetStringAsync("/admin"));
        var deadList = await admin.GetStringAsync("/admin/mail?status=dead-lettered");
        Assert.Contains(Gone, deadList);
        Assert.Contains(", not sent", deadList);
        Assert.Contains($"/admin/mail/{dead.Id}/requeue", deadList);
        Assert.DoesNotContain("first@example.org", deadList);
        Assert.Contains("Dead-lettered (1)", await admin.GetStringAsync("/admin/mail"));

        // Requeued only with the form's antiforgery token; then due at once, tries back, notices read, audited.
        var forged = await admin.PostAsync($"/admin/mail/{dead.Id}/requeue", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotNull((await WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == dead.Id))).DeadLetteredAt);
        _smtp.Accept(Gone);
        var requeue = await admin.PostFormAsync("/admin/mail?status=dead-lettered", $"/admin/mail/{dead.Id}/requeue", [new("status", "dead-lettered")]);
        Assert.Equal(HttpStatusCode.Redirect, requeue.StatusCode);
        var requeued = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == dead.Id));
        Assert.Null(requeued.DeadLetteredAt);
        Assert.Equal(0, requeued.Attempts);
        Assert.All(await WithDbAsync(db => db.Notices.AsNoTracking().Where(n => n.Key.StartsWith(DeadLetters.NoticeKeyPrefix(dead.Id))).ToListAsync()),
            n => Assert.NotNull(n.ReadAt));
        var adminId = await WithDbAsync(db => db.Users.Where(u => u.Email == "admin@example.org").Select(u => u.Id).SingleAsync());
        Assert.Single(await WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "requeued email" && a.Detail == dead.Id.ToString() && a.ActorId == adminId).ToListAsync()));

        Assert.Equal(1, await DeliverAsync());
        Assert.Equal(["first@example.org", "last@example.org", Gone], Recipients());
        Assert.DoesNotContain(Gone, await admin.GetStringAsync("/admin/mail?status=dead-lettered"));
    }
}
