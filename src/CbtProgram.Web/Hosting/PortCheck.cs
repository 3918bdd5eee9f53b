using System.Net;
using System.Net.Sockets;

namespace CbtProgram.Web.Hosting;

/// <summary>Fails fast, before the database starts, when the site's port is taken: no half-started site.</summary>
public static class PortCheck
{
    public const string DefaultUrl = "http://localhost:5000";

    public static void EnsureFree(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrl;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port == 0)
                continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, uri.Port);
                listener.Start();
            }
            catch (SocketException)
            {
                throw new PortInUseException(uri.Port);
            }
        }
    }
}

public sealed class PortInUseException(int port)
    : Exception($"port {port} is already in use by another program: stop that program, or run the site on another port with --urls http://localhost:5050.")
{
    public int Port { get; } = port;
}
