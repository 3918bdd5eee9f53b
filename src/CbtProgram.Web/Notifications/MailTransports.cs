using MailKit.Net.Smtp;
using MimeKit;

namespace CbtProgram.Web.Notifications;

/// <summary>Where email goes: an SMTP server, or (with no SMTP host configured) a pickup folder of .eml files.</summary>
public interface IMailTransport
{
    /// <summary>Opens a connection for sending messages one after another; disposing it closes the connection.</summary>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

public interface IMailConnection : IAsyncDisposable
{
    /// <summary>False once the server has closed it (after some refusals): the next message needs a new connection.</summary>
    bool IsConnected { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "CbtProgram <no-reply@cbtprogram.example>";
    /// <summary>SMTP host; when empty, mail is written to <see cref="PickupFolder"/> instead.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    /// <summary>How the connection to the SMTP server is secured: STARTTLS unless configured otherwise (see <see cref="MailSecurity"/>).</summary>
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    /// <summary>How long any one step of talking to the SMTP server may take before it counts as an outage.</summary>
    public int SmtpTimeoutSeconds { get; set; } = 60;
    /// <summary>At most this many messages a second from each node; 0 (the default) for no limit.</summary>
    public double MessagesPerSecond { get; set; }
    public string PickupFolder { get; set; } = "";
    /// <summary>The site's public address, for the links in emails sent by background jobs (there is no request to take it from).</summary>
    public string SiteUrl { get; set; } = "http://localhost:5000";

    public string Link(string path) => $"{SiteUrl.TrimEnd('/')}{path}";
}

/// <summary>One SMTP session (connect, TLS, sign-in) carries many messages: a burst of notifications pays for it once.</summary>
internal sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(options.SmtpTimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.SmtpHost ?? "localhost", options.SmtpPort,
                MailSecurityOptions.ToSocketOptions(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.SmtpUser))
                await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", cancellationToken);
            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public bool IsConnected => client.IsConnected;

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) => client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                    await client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or SmtpCommandException or SmtpProtocolException)
            {
                // Every message sent on it is already accepted; a QUIT that fails loses nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

internal sealed class PickupFolderMailTransport(MailOptions options, TimeProvider clock) : IMailTransport, IMailConnection
{
    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken) => Task.FromResult<IMailConnection>(this);

    public bool IsConnected => true;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.PickupFolder);
        var path = Path.Combine(options.PickupFolder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        // Written under a temporary name and then renamed, so a reader of the folder never sees half a message.
        await message.WriteToAsync(path + ".tmp", cancellationToken);
        File.Move(path + ".tmp", path);
    }
}
