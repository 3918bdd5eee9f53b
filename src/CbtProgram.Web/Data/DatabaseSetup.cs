using CbtProgram.Web.Data.EmbeddedServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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
        var connectionString = WithPoolDefaults(configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:Cbt is not set."));
        services.AddSingleton<SqlCommandCounter>();
        services.AddDbContext<AppDbContext>((provider, options) => options.UseNpgsql(connectionString)
            .AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
        // Keys in the database: every node and every restart can read the cookies the others wrote.
        services.AddDataProtection().SetApplicationName("CbtProgram").PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    /// <summary>
    /// Settings for the site's own connection pool unless the connection string sets them. The pages run the same few
    /// dozen queries over and over: Npgsql prepares the ones used most on each pooled connection, so PostgreSQL parses
    /// and plans them once rather than on every request. And a busy node queues for one of at most 32 connections
    /// instead of opening up to Npgsql's 100 (the embedded server's whole limit), so a burst waits rather than fails
    /// with "too many clients", and PostgreSQL's few cores are not shared by a hundred backends.
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 200;
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = 32;
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
