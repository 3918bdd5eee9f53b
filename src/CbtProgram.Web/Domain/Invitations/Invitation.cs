using System.Security.Cryptography;
using System.Text;

namespace CbtProgram.Web.Domain.Invitations;

/// <summary>
/// A single-use, expiring link that lets a new patient set their password. Only a hash of the token is
/// stored, so a copy of the database cannot be used to accept an invitation.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private Invitation() { }

    private Invitation(string email, string name, string therapistId, string invitedBy, string tokenHash, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Email = email;
        DisplayName = name;
        TherapistId = therapistId;
        InvitedBy = invitedBy;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public string Email { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string TherapistId { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>Creates an invitation and the secret token for its link (returned once, never stored).</summary>
    public static (Invitation Invitation, string Token) Create(string email, string name, string therapistId, string invitedBy, DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new Invitation(email.Trim(), name.Trim(), therapistId, invitedBy, Hash(token), now), token);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool CanBeAccepted(DateTimeOffset now) => AcceptedAt is null && CancelledAt is null && now < ExpiresAt;

    /// <summary>Stops the link working (an admin cancelled it, or a new one replaced it).</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (AcceptedAt is not null)
            throw new InvalidOperationException("This invitation has been accepted already.");
        CancelledAt ??= now;
    }

    public void Accept(DateTimeOffset now)
    {
        if (!CanBeAccepted(now))
            throw new InvalidOperationException("This invitation has been used or has expired.");
        AcceptedAt = now;
    }
}
