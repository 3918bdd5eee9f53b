using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// The site built in Release, started as its own process exactly as it is deployed (<c>dotnet CbtProgram.Web.dll</c>,
/// Production environment, its Hangfire server running), on a given database; so its memory and CPU are its own and
/// the load generator measures it from outside.
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

    public static async Task<SiteProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(RepositoryPaths.WebProject, "bin", "Release", "net10.0", "CbtProgram.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The site is not built in Release at {dll}: run the benchmark with 'dotnet run -c Release'.");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = url,
                ["ConnectionStrings__Cbt"] = connectionString,
                ["Demo__Seed"] = "false",
                ["Mail__SiteUrl"] = url,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Hangfire"] = "Error",
                ["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error",
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

    /// <summary>The memory the process holds now (resident set, VmRSS), in MB.</summary>
    public double MemoryMegabytes => ReadStatusKilobytes("VmRSS") / 1024.0;

    /// <summary>CPU time the site has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
