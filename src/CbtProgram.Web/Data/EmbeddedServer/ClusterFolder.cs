using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>
/// Where the private cluster lives and which system user runs it. A normal user runs the server
/// themselves with the data in the project's git-ignored <c>.data</c> folder. PostgreSQL refuses to
/// run as root, so root runs it as the unprivileged <c>postgres</c> user, with the data in that
/// user's home: a checkout may sit where only root can enter.
/// </summary>
public sealed record ClusterFolder(string Root, string? RunAs)
{
    public string DataDirectory => Path.Combine(Root, "pgdata");
    public string PasswordFile => Path.Combine(Root, "password");
    public string PortFile => Path.Combine(Root, "port");
    public string LogFile => Path.Combine(Root, "server.log");

    public const string ServerUser = "postgres";

    public static ClusterFolder For(string projectDataFolder)
    {
        if (!IsRoot())
            return new ClusterFolder(Path.Combine(projectDataFolder, "postgres"), RunAs: null);

        var home = HomeOf(ServerUser) ?? throw new EmbeddedServerException(
            $"Running as root needs the unprivileged '{ServerUser}' system user to run PostgreSQL: install the postgresql package, or run the site as a normal user.");
        // One cluster per checkout, told apart by a short hash of the project folder.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projectDataFolder)))[..12];
        return new ClusterFolder(Path.Combine(home, "cbtprogram", key), RunAs: ServerUser);
    }

    public static bool IsRoot() => geteuid() == 0;

    private static string? HomeOf(string user)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var parts = line.Split(':');
            if (parts.Length >= 6 && parts[0] == user)
                return parts[5];
        }
        return null;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
