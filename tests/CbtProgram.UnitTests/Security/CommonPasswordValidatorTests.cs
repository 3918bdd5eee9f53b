using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Notifications;

namespace CbtProgram.UnitTests.Security;

public sealed class CommonPasswordValidatorTests
{
    private static readonly AppUser Sam = new() { UserName = "sam.patient@example.org", Email = "sam.patient@example.org", DisplayName = "Sam Patient" };

    private static async Task<IReadOnlyList<string>> RefusalsAsync(string password, AppUser? user = null) =>
        (await new CommonPasswordValidator().ValidateAsync(null!, user ?? Sam, password)).Errors.Select(e => e.Code).ToList();

    [Fact]
    public void TheShippedList_HoldsAtLeastAHundredThousandPasswords() =>
        Assert.InRange(CommonPasswords.Count, 100_000, 200_000);

    [Theory]
    [InlineData("1qaz2wsx3edc")]      // in the top 100,000, twelve characters
    [InlineData("1QAZ2wsx3EDC")]      // the same, in other case
    [InlineData("123qweasdzxc")]
    [InlineData("password1234")]
    public async Task APasswordOnTheList_IsRefused_WhateverItsCase(string password) =>
        Assert.Equal([CommonPasswordValidator.Common], await RefusalsAsync(password));

    [Theory]
    [InlineData(SignedInClientPasswords.Demo)]
    [InlineData(SignedInClientPasswords.Test)]
    [InlineData("correct horse battery staple")]
    [InlineData("lowercase words only here")]
    public async Task AnUnusualPassword_IsAccepted_WithNoCompositionRules(string password) =>
        Assert.Empty(await RefusalsAsync(password));

    [Fact]
    public async Task LongPasswords_AreAccepted_UpToTheMaximum_AndRefusedPastIt()
    {
        Assert.Empty(await RefusalsAsync(new string('q', 40) + "-my-long-passphrase-64!!")); // 64 characters
        Assert.Empty(await RefusalsAsync(string.Concat(Enumerable.Repeat("tea-kettle-", 10)) + "zzzzzz-!")); // 118 characters
        Assert.Empty(await RefusalsAsync(new string('k', PasswordRules.MaximumLength)));
        Assert.Equal([CommonPasswordValidator.TooLong], await RefusalsAsync(new string('k', PasswordRules.MaximumLength + 1)));
    }

    [Theory]
    [InlineData("sam.patient@example.org")]
    [InlineData("Sam.Patient2026")]
    [InlineData("sampatient!!")]
    [InlineData("SamPatient 12")]
    [InlineData("CbtProgram2026")]
    public async Task ThePersonsOwnEmailOrName_OrTheSiteName_IsRefused(string password) =>
        Assert.Equal([CommonPasswordValidator.Personal], await RefusalsAsync(password));

    [Fact]
    public async Task AnOwnNameInsideALongPassphrase_IsAccepted() =>
        Assert.Empty(await RefusalsAsync("sam likes walking by the river at dawn"));

    [Fact]
    public void ARedactedBody_KeepsItsWords_ButNoLink()
    {
        var redacted = SealedMail.Redact("Choose it here:\n\nhttps://cbt.example/account/set-password?kind=setup&user=u1&token=SECRET\n\nThanks");

        Assert.DoesNotContain("SECRET", redacted);
        Assert.DoesNotContain("set-password", redacted);
        Assert.Contains("Choose it here:", redacted);
        Assert.Contains(SealedMail.RedactedLink, redacted);
    }
}

internal static class SignedInClientPasswords
{
    public const string Demo = "CbtDemo#2026";
    public const string Test = "TestPassword#2026";
}
