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

        await Mailbox.WaitForPickedUpAsync(Pickup, "mia.mail@example.org", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a duplicate, were there one
        var invitation = Assert.Single(await Mailbox.PickedUpForAsync(Pickup, "mia.mail@example.org"));
        Assert.Contains("/invitations/", invitation.TextBody);
        await using var scope = Site.Services.CreateAsyncScope();
        var message = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.SingleAsync(m => m.To == "mia.mail@example.org");
        Assert.NotNull(message.SentAt);
        Assert.Equal(1, message.Attempts);
    }
}
