using System.Net;
using CbtProgram.Web.Security;
using Npgsql;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>A copy of the database gives nobody a second factor: no authenticator key or recovery code is stored as it was shown.</summary>
public sealed class SecondFactorSecretsTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task TheAuthenticatorKeyAndRecoveryCodes_AreNotInTheDatabase_YetStillWork()
    {
        await site.CreateUserAsync("secrets@example.org", "Sid Secrets", Roles.Therapist);
        var client = await site.SignedInAsAsync("secrets@example.org", TestPeople.Password);
        var (key, codes) = await client.SetUpAuthenticatorAsync();

        var stored = await EveryTextValueAsync();
        Assert.DoesNotContain(stored, value => value.Contains(key, StringComparison.OrdinalIgnoreCase));
        foreach (var code in codes)
        {
            Assert.DoesNotContain(stored, value => value.Contains(code, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(stored, value => value.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }

        // The sealed key still makes the same codes as the app, and a recovery code still signs in (once).
        var withCode = site.CreateBrowserLikeClient();
        await withCode.SignInAsync("secrets@example.org", TestPeople.Password);
        Assert.Equal("/therapist", (await withCode.EnterCodeAsync(MfaSteps.NextCodeFor(key))).Headers.Location!.OriginalString);
        var withRecovery = site.CreateBrowserLikeClient();
        await withRecovery.SignInAsync("secrets@example.org", TestPeople.Password);
        var recovered = await withRecovery.EnterRecoveryCodeAsync(codes[3]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal("/therapist", recovered.Headers.Location!.OriginalString);
    }

    /// <summary>Every value of every text column in the site's tables.</summary>
    private async Task<List<string>> EveryTextValueAsync()
    {
        await using var connection = new NpgsqlConnection(site.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_schema, table_name, column_name FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND data_type IN ('text', 'character varying')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        var values = new List<string>();
        foreach (var (schema, table, column) in columns)
        {
            await using var read = new NpgsqlCommand($"SELECT \"{column}\" FROM \"{schema}\".\"{table}\" WHERE \"{column}\" IS NOT NULL", connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                values.Add(reader.GetString(0));
        }
        return values;
    }
}
