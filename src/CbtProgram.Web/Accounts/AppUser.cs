using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

/// <summary>A person who signs in: a patient, a therapist or a program admin (see <see cref="Security.Roles"/>).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The calm, dark, low-glare theme for use during or near a migraine; remembered per account.</summary>
    public bool LowStimulus { get; set; }

    /// <summary>When an admin turned the account off; a disabled account cannot sign in and its sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
