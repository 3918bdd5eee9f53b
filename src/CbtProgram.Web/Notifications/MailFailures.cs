using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CbtProgram.Web.Notifications;

public enum MailFailure
{
    /// <summary>The mail server is down, too slow or busy, or refuses our sender: no message is to blame, none is charged.</summary>
    Server,
    /// <summary>This message was refused but might pass later (a recipient's 4xx, a 5xx for the message): charged an attempt.</summary>
    Message,
    /// <summary>This message can never be delivered (a 5xx for its recipient, an address that cannot be read): dead-lettered at once.</summary>
    Hopeless,
}

/// <summary>Sorts a failed send by what MailKit tells: whose fault it is, and whether trying again can help.</summary>
public static class MailFailures
{
    public static MailFailure Classify(Exception error) => error switch
    {
        ParseException => MailFailure.Hopeless,
        // A sealed body whose key is gone (SealedMail) can never be opened: the link must be sent afresh.
        System.Security.Cryptography.CryptographicException => MailFailure.Hopeless,
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused =>
            IsPermanent(refused.StatusCode) ? MailFailure.Hopeless : MailFailure.Message,
        // Our own sender address: every message would be refused alike, so it is the server's (or our settings') problem.
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } => MailFailure.Server,
        // 4xx means "not now" (421 closing, 451 local error, 452 out of storage); 5xx to the message itself is its own.
        SmtpCommandException other => IsPermanent(other.StatusCode) ? MailFailure.Message : MailFailure.Server,
        ProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException
            or SocketException or IOException or TimeoutException or OperationCanceledException => MailFailure.Server,
        // Anything else is unexpected: charge the message, so a fault that follows it ends as a dead letter, seen.
        _ => MailFailure.Message,
    };

    private static bool IsPermanent(SmtpStatusCode code) => (int)code >= 500;
}
