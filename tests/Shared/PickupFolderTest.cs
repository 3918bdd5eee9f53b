namespace CbtProgram.Testing;

/// <summary>A test with a site of its own whose email is written to a pickup folder of its own, removed afterwards.</summary>
public abstract class PickupFolderTest : IAsyncLifetime
{
    protected string Pickup { get; } = Directory.CreateTempSubdirectory("cbt-mail-").FullName;

    protected CbtWebApplicationFactory Site { get; } = new();

    public Task InitializeAsync() => Site.WithSetting("Mail:PickupFolder", Pickup).InitializeAsync();

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        Directory.Delete(Pickup, recursive: true);
    }
}
