using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;

namespace CbtProgram.UnitTests.Accounts;

public sealed class RoleHomeTests
{
    [Theory]
    [InlineData(Roles.Patient, "/patient")]
    [InlineData(Roles.Therapist, "/therapist")]
    [InlineData(Roles.ClinicalLead, "/safety/alerts")]
    [InlineData(Roles.Admin, "/admin")]
    public void HomeFor_EachRole_IsItsOwnArea(string role, string home) =>
        Assert.Equal(home, AccountController.HomeFor([role]));

    [Fact]
    public void HomeFor_AnAdminWhoIsAlsoATherapist_StartsInAdmin() =>
        Assert.Equal("/admin", AccountController.HomeFor([Roles.Therapist, Roles.Admin]));

    [Fact]
    public void HomeFor_NoRole_IsTheFrontPage() =>
        Assert.Equal("/", AccountController.HomeFor([]));
}
