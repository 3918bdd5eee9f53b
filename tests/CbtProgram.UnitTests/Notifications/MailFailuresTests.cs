using System.Net.Sockets;
using CbtProgram.Web.Notifications;
using MailKit.Net.Smtp;
using MimeKit;

namespace CbtProgram.UnitTests.Notifications;

public sealed class MailFailuresTests
{
    private static readonly MailboxAddress Someone = MailboxAddress.Parse("someone@example.org");

    public static TheoryData<Exception, MailFailure> Failures() => new()
    {
        { new SocketException((int)SocketError.ConnectionRefused), MailFailure.Server },
        { new IOException("connection reset"), MailFailure.Server },
        { new TimeoutException(), MailFailure.Server },
        { new SmtpProtocolException("the server closed the connection"), MailFailure.Server },
        { new MailKit.ServiceNotConnectedException(), MailFailure.Server },
        { new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "421 closing"), MailFailure.Server },
        { new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, "452 full"), MailFailure.Server },
        { new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, Someone, "550 not our sender"), MailFailure.Server },
        { new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, Someone, "450 try later"), MailFailure.Message },
        { new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation, "552 too big"), MailFailure.Message },
        { new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, Someone, "550 no such user"), MailFailure.Hopeless },
        { new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxNameNotAllowed, Someone, "553 bad name"), MailFailure.Hopeless },
        { new ParseException("no address", 0, 0), MailFailure.Hopeless },
        { new InvalidOperationException("unexpected"), MailFailure.Message },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_BlamesTheServerOrTheMessage(Exception error, MailFailure expected) =>
        Assert.Equal(expected, MailFailures.Classify(error));
}
