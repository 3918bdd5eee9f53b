using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace CbtProgram.Testing;

/// <summary>A browser's push subscription on the test push service, and the hash that names it there.</summary>
public sealed record TestPushSubscription(string Endpoint, string P256dh, string Auth, string ClientHash);

/// <summary>
/// A real local Web Push service for tests: the <c>web-push-testing</c> npm package (version pinned in
/// <c>tests/Shared/WebPushTesting/package-lock.json</c>), run with node on a free loopback port. It subscribes like a
/// browser's push service, and for each push it checks the VAPID signature against the key the subscription was made
/// with, decrypts the payload (RFC 8291) and keeps it to be read back; it can expire a subscription (then answers 410).
/// The first use installs the package with <c>npm ci</c> when <c>node_modules</c> is missing (a fresh machine, CI).
/// </summary>
public sealed class WebPushTestServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process _node;
    private readonly HttpClient _http;
    private bool _disposed;

    private WebPushTestServer(Process node, int port)
    {
        _node = node;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };
    }

    public int Port { get; }

    public static async Task<WebPushTestServer> StartAsync()
    {
        var folder = Path.Combine(TestDatabaseServer.RepositoryRoot(), "tests", "Shared", "WebPushTesting");
        await InstallAsync(folder);
        var port = FreePort();
        var node = Process.Start(new ProcessStartInfo("node", [Path.Combine("node_modules", "web-push-testing", "src", "bin", "server.js"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start");
        node.ErrorDataReceived += (_, _) => { };
        node.BeginErrorReadLine();
        var ready = new TaskCompletionSource();
        node.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Server running", StringComparison.Ordinal) == true)
                ready.TrySetResult();
        };
        node.BeginOutputReadLine();
        var server = new WebPushTestServer(node, port);
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The web-push-testing server did not start within 30 s.");
        }
        return server;
    }

    /// <summary>Subscribes as a browser would, for the given VAPID public key.</summary>
    public async Task<TestPushSubscription> SubscribeAsync(string applicationServerKey)
    {
        var response = await _http.PostAsJsonAsync("subscribe", new { applicationServerKey, userVisibleOnly = "true" });
        response.EnsureSuccessStatusCode();
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var keys = data.GetProperty("keys");
        return new TestPushSubscription(data.GetProperty("endpoint").GetString()!, keys.GetProperty("p256dh").GetString()!,
            keys.GetProperty("auth").GetString()!, data.GetProperty("clientHash").GetString()!);
    }

    /// <summary>The decrypted payloads the service accepted for a subscription (each had a valid VAPID signature).</summary>
    public async Task<IReadOnlyList<string>> MessagesAsync(TestPushSubscription subscription)
    {
        var response = await _http.PostAsJsonAsync("get-notifications", new { clientHash = subscription.ClientHash });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("messages")
            .EnumerateArray().Select(m => m.GetString()!).ToList();
    }

    /// <summary>The browser drops the subscription: from now on the service answers 410 Gone.</summary>
    public async Task ExpireAsync(TestPushSubscription subscription) =>
        (await _http.PostAsync($"expire-subscription/{subscription.ClientHash}", null)).EnsureSuccessStatusCode();

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        _http.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            _node.WaitForExit(5000);
        }
        _node.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task InstallAsync(string folder)
    {
        var server = Path.Combine(folder, "node_modules", "web-push-testing", "src", "bin", "server.js");
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(server))
                return;
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("npm did not start");
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0 || !File.Exists(server))
                throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {await output}{await errors}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
