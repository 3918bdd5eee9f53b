using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

/// <summary>A person who signs in: a patient, a therapist or a program admin (see <see cref="Security.Roles"/>).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
