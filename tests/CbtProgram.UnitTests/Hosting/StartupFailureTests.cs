using System.Net;
using System.Net.Sockets;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data.EmbeddedServer;
using CbtProgram.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace CbtProgram.UnitTests.Hosting;

public sealed class StartupFailureTests
{
    [Fact]
    public void PortCheck_WhenThePortIsTaken_SaysWhichPortAndWhatToDo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = $"http://localhost:{port}" })
            .Build();

        var error = Assert.Throws<PortInUseException>(() => PortCheck.EnsureFree(configuration));

        Assert.Equal(port, error.Port);
        Assert.Contains($"port {port} is already in use", StartupFailure.Explain(error));
        Assert.Contains("--urls", error.Message);
    }

    [Fact]
    public void PortCheck_WhenThePortIsFree_Passes()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" })
            .Build();

        PortCheck.EnsureFree(configuration);
    }

    [Fact]
    public void Explain_EmbeddedServerProblem_IsItsOwnSentence()
    {
        var reason = StartupFailure.Explain(new EmbeddedServerException("No PostgreSQL server was found: install PostgreSQL."));

        Assert.Equal("No PostgreSQL server was found: install PostgreSQL.", reason);
    }

    [Fact]
    public void Explain_ADatabaseThatRefusesAStartUpStep_SaysWhatToDo()
    {
        var reason = StartupFailure.Explain(new Npgsql.PostgresException("relation \"AspNetRoles\" already exists", "ERROR", "ERROR", "42P07"));

        Assert.Contains("42P07", reason);
        Assert.Contains("remove its data folder", reason);
    }

    [Fact]
    public void Explain_UnsafeSettings_IsTheirOwnSentence()
    {
        var reason = StartupFailure.Explain(new UnsafeSettingsException("the crisis resources have no contact to show a patient at risk."));

        Assert.Equal("the crisis resources have no contact to show a patient at risk.", reason);
    }

    [Fact]
    public void Explain_AnUnexpectedError_IsLeftAlone() =>
        Assert.Null(StartupFailure.Explain(new InvalidOperationException("bug")));

    [Fact]
    public void ProjectDataFolder_IsBesideTheSolutionFile()
    {
        var root = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "CbtProgram.sln"), "");
            var contentRoot = Directory.CreateDirectory(Path.Combine(root.FullName, "src", "CbtProgram.Web")).FullName;

            var folder = ProjectDataFolder.Resolve(new ConfigurationBuilder().Build(), contentRoot);

            Assert.Equal(Path.Combine(root.FullName, ".data"), folder);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
