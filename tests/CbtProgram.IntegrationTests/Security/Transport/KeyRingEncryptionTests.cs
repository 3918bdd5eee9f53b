using System.Net;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// The Data Protection keys behind every cookie are stored encrypted with the key-encryption certificate: the rows in
/// the database hold no usable key, every node with the certificate reads the others' cookies, and a copy of the
/// database without the certificate reads none.
/// </summary>
public sealed class KeyRingEncryptionTests : IAsyncLifetime
{
    private readonly string _keys = Directory.CreateTempSubdirectory("cbt-keys-").FullName;
    private readonly CbtWebApplicationFactory _site = new();
    private string _certificate = "";

    public Task InitializeAsync()
    {
        _certificate = KeyEncryptionCertificate.Create(_keys);
        return WithCertificate(_site).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    private CbtWebApplicationFactory WithCertificate(CbtWebApplicationFactory site) => site
        .WithSetting("DataProtection:Certificate:Path", _certificate)
        .WithSetting("DataProtection:Certificate:Password", KeyEncryptionCertificate.Password);

    private static async Task<string> SignInAsync(CbtWebApplicationFactory site)
    {
        var (answer, cookies) = await ThroughAProxy.SignInAsync(ThroughAProxy.Client(site), "127.0.0.1", "patient@example.org");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return cookies;
    }

    private static Task<HttpResponseMessage> PatientHomeAsync(CbtWebApplicationFactory site, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/patient");
        request.Headers.Add("Cookie", cookies);
        return ThroughAProxy.Client(site).SendAsync(request);
    }

    [Fact]
    public async Task TheStoredKeys_HoldOnlyAnEncryptedSecret()
    {
        await SignInAsync(_site);

        await using var scope = _site.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ASecondNodeWithTheCertificate_ReadsTheCookies_ANodeWithoutItDoesNot()
    {
        var cookies = await SignInAsync(_site);
        Assert.Equal(HttpStatusCode.OK, (await PatientHomeAsync(_site, cookies)).StatusCode);

        await using (var second = WithCertificate(new CbtWebApplicationFactory().SharingDatabaseWith(_site)))
        {
            await second.InitializeAsync();
            Assert.Equal(HttpStatusCode.OK, (await PatientHomeAsync(second, cookies)).StatusCode);
        }

        await using var withoutCertificate = new CbtWebApplicationFactory().SharingDatabaseWith(_site);
        await withoutCertificate.InitializeAsync();
        var refused = await PatientHomeAsync(withoutCertificate, cookies);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/sign-in", refused.Headers.Location!.OriginalString.Replace("http://cbt.example.org", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterRotation_TheOldCertificateListedAsPrevious_StillReadsOldCookies_AndNewKeysUseTheNewOne()
    {
        var cookies = await SignInAsync(_site);
        var newCertificate = KeyEncryptionCertificate.Create(_keys, "rotated");

        await using (var rotated = new CbtWebApplicationFactory().SharingDatabaseWith(_site)
            .WithSetting("DataProtection:Certificate:Path", newCertificate)
            .WithSetting("DataProtection:Certificate:Password", KeyEncryptionCertificate.Password)
            .WithSetting("DataProtection:PreviousCertificates:0:Path", _certificate)
            .WithSetting("DataProtection:PreviousCertificates:0:Password", KeyEncryptionCertificate.Password))
        {
            await rotated.InitializeAsync();
            Assert.Equal(HttpStatusCode.OK, (await PatientHomeAsync(rotated, cookies)).StatusCode);
        }

        await using var newOnly = new CbtWebApplicationFactory().SharingDatabaseWith(_site)
            .WithSetting("DataProtection:Certificate:Path", newCertificate)
            .WithSetting("DataProtection:Certificate:Password", KeyEncryptionCertificate.Password);
        await newOnly.InitializeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PatientHomeAsync(newOnly, cookies)).StatusCode);
    }
}
