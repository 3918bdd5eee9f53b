namespace CbtProgram.Web.Notifications;

/// <summary>An in-app notice for one person ("Week 2 is ready"), shown until read. Its key makes it appear once.</summary>
public sealed class Notice
{
    private Notice() { }

    public Notice(string key, string userId, string text, string link, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Key = key;
        UserId = userId;
        Text = text;
        Link = link;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Key { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string Link { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
