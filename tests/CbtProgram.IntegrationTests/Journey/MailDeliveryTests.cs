using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>
/// Email leaves through the outbox, delivered by the real Hangfire server into the pickup folder. Hangfire keeps some
/// process-wide state (job activator, log provider), so this runs alone, after the parallel tests, with one site up.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class MailDeliveryTests : PickupFolderTest
{
    [Fact]
    public async Task AnInvitation_IsWrittenToThePickupFolderOnce_AndMarkedSent()
    {
        var therapist = await Site.SignedInAsAsync("therapist@example.org");

        await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", "Mia Mail"), new("Email", "mia.mail@example.org")]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(Pickup, "*.eml").Length == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var file = Assert.Single(Directory.GetFiles(Pickup, "*.eml"));
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("To: mia.mail@example.org", text);
        Assert.Contains("/invitations/", text);
        await using var scope = Site.Services.CreateAsyncScope();
        var message = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.SingleAsync(m => m.To == "mia.mail@example.org");
        Assert.NotNull(message.SentAt);
        Assert.Equal(1, message.Attempts);
    }
}
