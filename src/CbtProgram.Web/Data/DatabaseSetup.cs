using CbtProgram.Web.Data.EmbeddedServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CbtProgram.Web.Data;

public static class DatabaseSetup
{
    public const string ConnectionName = "Cbt";
    public const string EmbeddedDatabaseName = "cbt";

    /// <summary>
    /// Uses ConnectionStrings:Cbt when it is set; otherwise starts the embedded PostgreSQL cluster and
    /// points the configuration at it. The caller disposes the returned server (null when external) last.
    /// </summary>
    public static async Task<EmbeddedPostgresServer?> ProvideDatabaseAsync(this WebApplicationBuilder builder, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
            return null;

        var folder = ProjectDataFolder.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var server = await EmbeddedPostgresServer.StartAsync(folder, EmbeddedDatabaseName, logger);
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = server.ConnectionStringFor(EmbeddedDatabaseName);
        return server;
    }

    public static IServiceCollection AddCbtData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = Tuned(configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:Cbt is not set."));
        services.AddSingleton<SqlCommandCounter>();
        // Pooled: a request borrows a context already built instead of constructing one (and its services) each time.
        services.AddDbContextPool<AppDbContext>((provider, options) => options.UseNpgsql(connectionString)
            .AddInterceptors(provider.GetRequiredService<SqlCommandCounter>(), provider.GetRequiredService<CaseloadSummary.PatientSummaryRefresh>())
            // The caseload summary's refresh rides at the end of each SaveChanges command (PatientSummaryRefresh), so
            // its result sets follow EF's: expected, not a sign of a stray statement.
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.UnexpectedTrailingResultSetWhenSaving)));
        // Keys in the database: every node and every restart can read the cookies the others wrote.
        services.AddDataProtection().SetApplicationName("CbtProgram").PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    /// <summary>
    /// The site's connection settings on top of the configured ones; any of them set in the configured string wins.
    /// <list type="bullet">
    /// <item>The same few statements run over and over, so each connection prepares them once and PostgreSQL stops
    /// parsing and planning them on every request (Max Auto Prepare).</item>
    /// <item>At most 4 connections a core (at least 10): a request holds one only while a statement runs, and PostgreSQL
    /// does more with a few busy backends than with one for every request in flight (measured: the load benchmark); a
    /// burst queues for a connection instead of failing with "too many clients".</item>
    /// <item>Connections keep no session state (no SET, temporary tables or session locks: locks are
    /// transaction-scoped), so returning one to the pool needs no DISCARD ALL.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var configured = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Configured(params string[] keywords) => keywords.Any(configured.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Configured("Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = 200;
        if (!Configured("Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
            builder.MaxPoolSize = Math.Max(10, 4 * Environment.ProcessorCount);
        if (!Configured("No Reset On Close", "NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Applies committed EF migrations (EF takes a database lock, so several nodes may start at once).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Npgsql's migrator reads the history table before creating it and logs a false "failed" error on a
        // new database (npgsql/efcore.pg#3407); creating it first keeps a newcomer's first log clean.
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript());
        await db.Database.MigrateAsync();
    }
}
