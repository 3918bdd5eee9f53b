using CbtProgram.Web.Crisis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CbtProgram.UnitTests.Crisis;

public sealed class CrisisContactsRuleTests
{
    private static readonly CrisisContact Samaritans = new() { Name = "Samaritans", Details = "Free to call, any time.", Phone = "116123" };

    private static HostingEnvironment In(string environment) => new() { EnvironmentName = environment };

    [Fact]
    public void Production_WithNoContacts_IsRefused_NamingTheSetting()
    {
        var problem = CrisisContactsRule.Problem(new CrisisResourcesOptions(), In(Environments.Production));

        Assert.Equal(
            "the crisis resources have no contact to show a patient at risk: set CrisisResources:Contacts for this deployment, each with a Name, and Details or a Phone",
            problem);
    }

    [Fact]
    public void Production_WithOnlyBlankContacts_IsRefused()
    {
        var options = new CrisisResourcesOptions { Contacts = [new() { Name = "Crisis line" }, new() { Name = " ", Details = "Call us", Phone = "999" }] };

        Assert.NotNull(CrisisContactsRule.Problem(options, In(Environments.Production)));
    }

    [Fact]
    public void Production_WithOneContactToReach_IsFine() =>
        Assert.Null(CrisisContactsRule.Problem(new CrisisResourcesOptions { Contacts = [new() { Name = "Crisis line", Phone = "999" }] }, In(Environments.Production)));

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void OutsideProduction_NoContacts_IsFine(string environment) =>
        Assert.Null(CrisisContactsRule.Problem(new CrisisResourcesOptions(), In(environment)));

    [Fact]
    public void Production_WithTheShippedDefaults_IsFine() =>
        Assert.Null(CrisisContactsRule.Problem(new CrisisResourcesOptions { Contacts = [Samaritans] }, In(Environments.Production)));
}
