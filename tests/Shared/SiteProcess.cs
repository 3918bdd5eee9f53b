using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CbtProgram.Testing;

/// <summary>
/// The built site running as its own operating-system process (<c>dotnet CbtProgram.Web.dll</c>) on a given database:
/// a second app node for tests, one a test can kill outright (SIGKILL, no shutdown), or the site a benchmark measures
/// from outside (its memory and CPU are its own). Settings are environment variables (<c>Section__Key</c>).
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiteProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }
    public int Id => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The site built in the given configuration ("Debug" or "Release"); the environment is "Testing" unless the settings say otherwise.</summary>
    public static async Task<SiteProcess> StartAsync(string connectionString, string configuration, IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken = default)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "CbtProgram.Web");
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "CbtProgram.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The site is not built in {configuration} at {dll}.");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = url,
                ["ConnectionStrings__Cbt"] = connectionString,
                ["Demo__Seed"] = "false",
                ["Mail__Security"] = "None",
                ["RateLimits__Enabled"] = "false", // load runs sign in many people from one address
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Hangfire"] = "Error",
            },
        };
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var site = new SiteProcess(process, url);
        process.OutputDataReceived += (_, line) => site.Append(line.Data);
        process.ErrorDataReceived += (_, line) => site.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await site.WaitUntilHealthyAsync(cancellationToken);
        return site;
    }

    /// <summary>The most memory the process has held (peak resident set, VmHWM), in MB.</summary>
    public double PeakMemoryMegabytes => ReadStatusKilobytes("VmHWM") / 1024.0;

    /// <summary>CPU time the site has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Ends the process at once, as a crash or a power cut would: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private long ReadStatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The site process exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{Url}/healthz", cancellationToken)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The site process was not healthy after 120 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CbtProgram.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("CbtProgram.sln not found above this program's folder.");
    }
}
