namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// ASVS 4.0.3 section 2.1: long enough, long ones allowed and never cut short, no composition rules, not a common
/// or breached password, not the person's own details. Identity checks the minimum; the rest is
/// <see cref="CommonPasswordValidator"/>.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;
    /// <summary>ASVS asks for at least 64; 128 leaves room for passphrases and keeps hashing cheap.</summary>
    public const int MaximumLength = 128;
    public const string SiteName = "CbtProgram";

    /// <summary>The hint shown under every new-password box.</summary>
    public const string Hint = "At least 12 characters. A few words you will remember, with spaces if you like, make a strong password. No need for symbols or capitals.";
}
