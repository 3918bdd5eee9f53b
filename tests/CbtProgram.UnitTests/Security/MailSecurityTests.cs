using CbtProgram.Web.Notifications;
using MailKit.Security;
using Microsoft.Extensions.Configuration;

namespace CbtProgram.UnitTests.Security;

public sealed class MailSecurityTests
{
    private static MailOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();

    [Fact]
    public void WithNothingConfigured_TheConnectionRequiresStartTls()
    {
        var options = Bind(new() { ["Mail:SmtpHost"] = "smtp.example.org" });

        Assert.Equal(MailSecurity.StartTls, options.Security);
        Assert.Equal(SecureSocketOptions.StartTls, MailSecurityOptions.ToSocketOptions(options.Security));
    }

    [Theory]
    [InlineData("StartTls", SecureSocketOptions.StartTls)]
    [InlineData("Tls", SecureSocketOptions.SslOnConnect)]
    [InlineData("None", SecureSocketOptions.None)]
    public void EachSetting_MapsToItsConnection(string setting, SecureSocketOptions expected) =>
        Assert.Equal(expected, MailSecurityOptions.ToSocketOptions(Bind(new() { ["Mail:Security"] = setting }).Security));

    [Fact]
    public void AnUnknownValue_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MailSecurityOptions.ToSocketOptions((MailSecurity)7));
}
