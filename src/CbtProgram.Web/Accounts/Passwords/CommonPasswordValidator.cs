using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>Refuses passwords on the common-password list, longer than the maximum, or made of the person's own email, name or the site's name.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string TooLong = "PasswordTooLong";
    public const string Common = "PasswordCommon";
    public const string Personal = "PasswordPersonal";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success); // Identity's own length rule says what is missing
        if (password.Length > PasswordRules.MaximumLength)
            return Fail(TooLong, $"Keep your password to {PasswordRules.MaximumLength} characters or fewer.");
        if (CommonPasswords.Contains(password) || CommonPasswords.Contains(password.Trim()))
            return Fail(Common, "That password is one of the most common ones, so it is easy to guess. Choose something less usual, such as a few unrelated words.");
        if (IsPersonal(password, user))
            return Fail(Personal, "Your password cannot be your email address, your name or the site's name. Choose something else.");
        return Task.FromResult(IdentityResult.Success);
    }

    private static bool IsPersonal(string password, AppUser user)
    {
        var squeezed = Squeeze(password);
        var email = user.Email ?? user.UserName ?? "";
        string[] own = [email, email.Split('@')[0], user.DisplayName, PasswordRules.SiteName];
        return own.Select(Squeeze).Where(s => s.Length >= 4)
            .Any(s => squeezed == s || (squeezed.Contains(s, StringComparison.Ordinal) && squeezed.Length - s.Length <= 4));
    }

    /// <summary>Lower case, letters and digits only: "Sam.Patient 2026" and "sampatient2026" are the same here.</summary>
    private static string Squeeze(string text) => new(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}
