using MailKit.Security;

namespace CbtProgram.Web.Notifications;

/// <summary>
/// How the site talks to its SMTP server (setting <c>Mail:Security</c>). Emails carry links that sign people in, so the
/// default refuses a plain connection: a server that does not offer STARTTLS gets no message at all.
/// </summary>
public enum MailSecurity
{
    /// <summary>Connect in plain text, then upgrade with STARTTLS; fail if the server does not offer it (port 587, or 25).</summary>
    StartTls,
    /// <summary>TLS from the first byte (implicit TLS, port 465).</summary>
    Tls,
    /// <summary>No encryption: only for a mail catcher on the same machine or private network (Development, tests).</summary>
    None,
}

public static class MailSecurityOptions
{
    public static SecureSocketOptions ToSocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        MailSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Mail:Security must be StartTls, Tls or None."),
    };
}
