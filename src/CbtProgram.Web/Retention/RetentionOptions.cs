namespace CbtProgram.Web.Retention;

/// <summary>
/// How long delivery records are kept (<c>Retention</c> in appsettings.json). A period of 0 or less turns that part off.
/// Nothing here touches the clinical record or the audit log.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Days after sending before an email's body and address are removed (the row, key and subject stay).</summary>
    public int SentMailBodyDays { get; set; } = 30;

    /// <summary>Days after a notice was read before it is deleted; unread notices are kept.</summary>
    public int ReadNoticeDays { get; set; } = 90;

    /// <summary>
    /// Days after a program ended (finished, or withdrawn) before its finished reminders and nudges are deleted; the
    /// session openings and the follow-up rows, which the caseload and the record read, are kept.
    /// </summary>
    public int EndedProgramEventDays { get; set; } = 365;

    /// <summary>Rows changed by one statement, each its own short transaction, so no lock is held for long.</summary>
    public int BatchSize { get; set; } = 5000;
}
