using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// With the default <c>Mail:Security</c> (STARTTLS) a mail server that offers no TLS gets nothing: the message, with its
/// sign-in link, is not sent in the clear; it waits with the reason recorded, as for any other failure.
/// </summary>
public sealed class SmtpSecurityTests : IAsyncLifetime
{
    private readonly SmtpListener _plainServer = new SmtpListener().Start();
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _plainServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Mail:Security", "StartTls") // the site's default (a unit test holds it to that), not the tests' None
        .InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _plainServer.DisposeAsync();
    }

    [Fact]
    public async Task ByDefault_AServerWithoutStartTls_IsSentNothing_AndTheReasonIsRecorded()
    {
        await using (var scope = _site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Outbox>().EnqueueAsync("invitation:tls-test", "plain@example.org", "CbtProgram", "Your link: https://cbt.example.org/x", deliverNow: false);

        await using (var scope = _site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverPendingAsync();

        Assert.Empty(_plainServer.Messages);
        await using var check = _site.Services.CreateAsyncScope();
        var message = await check.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.To == "plain@example.org");
        Assert.Null(message.SentAt);
        Assert.Contains("STARTTLS", message.LastError, StringComparison.OrdinalIgnoreCase);
    }
}
