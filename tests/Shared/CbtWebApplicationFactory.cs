using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.Testing;

/// <summary>The real site on a real PostgreSQL database of its own, with a real Hangfire server and the demo accounts.</summary>
public class CbtWebApplicationFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];

    private bool _ownsDatabase;

    public CbtWebApplicationFactory() => ClientOptions.BaseAddress = SignedInClient.SiteAddress;

    public string DatabaseName { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";

    protected virtual string AssemblyKey => GetType().Assembly.GetName().Name!.Replace("CbtProgram.", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Uses a database another factory made: two app nodes on one database.</summary>
    public CbtWebApplicationFactory SharingDatabaseWith(CbtWebApplicationFactory other)
    {
        DatabaseName = other.DatabaseName;
        ConnectionString = other.ConnectionString;
        return this;
    }

    public CbtWebApplicationFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Puts the site's clock in the test's hands (a FakeTimeProvider).</summary>
    public CbtWebApplicationFactory WithClock(TimeProvider clock) => WithServices(services => services.AddSingleton(clock));

    /// <summary>Replaces services for this site.</summary>
    public CbtWebApplicationFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public virtual async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            (DatabaseName, ConnectionString) = await TestDatabaseServer.CreateDatabaseAsync(AssemblyKey);
            _ownsDatabase = true;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Cbt", ConnectionString);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Demo:Seed", "true");
        // The demo accounts and Sam Patient, without the thirteen-patient demo caseload (tests that need it opt in).
        builder.UseSetting("Demo:Caseload", "false");
        builder.UseSetting("Jobs:WorkerCount", "2");
        builder.UseSetting("Mail:Security", "None"); // the tests' SmtpListener is a plain local mail catcher; the site's default is STARTTLS
        // Staff are not asked why they open a record that is not theirs (break-glass); the audit tests turn it on.
        builder.UseSetting("Audit:BreakGlassHours", "0");
        builder.UseSetting("Accounts:RequireStaffMfa", "false"); // MFA tests turn it on with WithSetting
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Hundreds of tests sign in from one address; the rate-limit tests switch the limits back on.
        builder.UseSetting("RateLimits:Enabled", "false");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestClientAddress>());
        builder.ConfigureTestServices(services => _services.ForEach(configure => configure(services)));
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>Stops the site, then drops the database it made, so the test cluster does not fill up across runs.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_ownsDatabase)
        {
            _ownsDatabase = false;
            await (await TestDatabaseServer.GetAsync(AssemblyKey)).DropDatabaseAsync(DatabaseName);
        }
    }
}
