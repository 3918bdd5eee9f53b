using System.Net;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>Helpers for the audit tests: a fixed client address (the test server has none), and reading the trail.</summary>
public static class AuditSite
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("203.0.113.7");
    public const string Browser = "Mozilla/5.0 (AuditTest) Firefox/140.0";

    /// <summary>Every request arrives from <see cref="ClientAddress"/>, as it would from a browser on the network.</summary>
    public static CbtWebApplicationFactory FromClientAddress(this CbtWebApplicationFactory site) =>
        site.WithServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFilter()));

    public static HttpClient WithBrowser(this HttpClient client)
    {
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        return client;
    }

    public static async Task<List<AuditEntry>> EntriesAsync(this CbtWebApplicationFactory site, Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>>? filter = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await AuditSealer.SealAsync(db);
        return await (filter ?? (q => q))(db.AuditEntries.AsNoTracking()).OrderBy(e => e.Sequence).ToListAsync();
    }

    public static async Task<string> UserIdAsync(this CbtWebApplicationFactory site, string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Runs SQL as the site's own database user.</summary>
    public static async Task<int> ExecuteAsync(this CbtWebApplicationFactory site, string sql)
    {
        await using var connection = new NpgsqlConnection(site.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>What an attacker with the owner's rights could do: switch the append-only trigger off around the change.</summary>
    public static Task<int> TamperAsync(this CbtWebApplicationFactory site, string sql) => site.ExecuteAsync(
        $"ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only; {sql}; ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;");

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = ClientAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
