using CbtProgram.IntegrationTests.Security;
using CbtProgram.Web.Data;
using CbtProgram.Web.Outcomes.Research;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes.Research;

/// <summary>
/// Pseudonymous ids on the real database: the default key is made once (also when many ask at once) and gives a
/// patient the same code in every later request; a study's own key gives unrelated codes; the secret behind a code is
/// kept nowhere in the database in a form that makes the code.
/// </summary>
public sealed class PseudonymTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<T> InScopeAsync<T>(Func<Pseudonyms, Task<T>> use)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<Pseudonyms>());
    }

    [Fact]
    public async Task DefaultKey_IsMadeOnce_EvenWhenManyAskAtOnce_AndGivesTheSameCodeLater()
    {
        // As on a database no node has started on: the site made the default key at start-up, so take it away first.
        await using (var setup = site.Services.CreateAsyncScope())
            await setup.ServiceProvider.GetRequiredService<AppDbContext>().Set<ResearchExportKey>().Where(k => k.Name == ResearchExportKey.DefaultName).ExecuteDeleteAsync();
        var patient = Guid.NewGuid();
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => InScopeAsync(async p => (await p.DefaultKeyAsync()).For(patient))));
        Assert.Single(codes.Distinct());
        Assert.Equal(codes[0], await InScopeAsync(async p => (await p.DefaultKeyAsync()).For(patient)));
        Assert.Equal(ResearchExportKey.DefaultName, await InScopeAsync(async p => (await p.DefaultKeyAsync()).Name));

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.Set<ResearchExportKey>().CountAsync(k => k.Name == ResearchExportKey.DefaultName));
    }

    [Fact]
    public async Task AStudysKey_GivesOtherCodes_StableAcrossRequests_AndItsNameCannotBeTakenTwice()
    {
        var patients = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var (made, error) = await InScopeAsync(p => p.CreateKeyAsync("Migraine-Study-2027", "staff-1"));
        Assert.Null(error);
        Assert.Equal("migraine-study-2027", made!.Name);

        var study = await InScopeAsync(p => p.FindKeyAsync("MIGRAINE-study-2027"));
        var fallback = await InScopeAsync(p => p.DefaultKeyAsync());
        Assert.Equal(patients.Select(made.For), patients.Select(study!.For));
        Assert.DoesNotContain(patients, id => study!.For(id) == fallback.For(id));

        var (again, refused) = await InScopeAsync(p => p.CreateKeyAsync("migraine-study-2027", "staff-2"));
        Assert.Null(again);
        Assert.Equal("There is already an export key called \"migraine-study-2027\".", refused);
        Assert.Equal(patients.Select(made.For), patients.Select((await InScopeAsync(p => p.FindKeyAsync("migraine-study-2027")))!.For));
        Assert.Contains(await InScopeAsync(p => p.ListKeysAsync()), k => k.Name == "migraine-study-2027" && k.CreatedById == "staff-1");
        Assert.Null(await InScopeAsync(p => p.FindKeyAsync("no-such-study")));
    }

    [Fact]
    public async Task NoTextInTheDatabase_ServesAsTheSecretThatMakesTheCodes()
    {
        var patient = Guid.NewGuid();
        var code = (await InScopeAsync(p => p.DefaultKeyAsync())).For(patient);
        var values = await DatabaseText.EveryValueAsync(site.ConnectionString);
        Assert.Contains(values, v => v.Column.EndsWith("research_export_keys.SealedSecret", StringComparison.Ordinal) && v.Text.StartsWith("dp1:", StringComparison.Ordinal));
        // Each value whole and each part of it between colons (a prefix such as "dp1:"), as text and as base64.
        foreach (var text in values.SelectMany(v => v.Text.Split(':').Append(v.Text)))
        {
            Assert.NotEqual(code, Pseudonyms.Code(System.Text.Encoding.UTF8.GetBytes(text), patient));
            var bytes = new byte[text.Length];
            if (Convert.TryFromBase64String(text, bytes, out var written))
                Assert.NotEqual(code, Pseudonyms.Code(bytes.AsSpan(0, written), patient));
        }
    }
}
